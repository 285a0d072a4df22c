import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/locale';
import { useCustomFormFieldLabel } from '../fields/use-custom-fields';
import { type FieldDraft, isChannelBox, isCustomFormField, moved } from './form-draft';
import { fieldLabels, formMessages } from './form-messages';

type FieldErrors = Partial<Record<string, { label?: string; name?: string }>>;

/**
 * The form's profile fields as an ordered list: each row says whether the field is asked, whether it
 * is required and what it is called; "Move up"/"Move down" reorder it. After a move the focus stays on
 * the button that moved the row (or its sibling at either end), and the new position is announced.
 */
export function FieldList({ fields, onChange, errors }: { fields: FieldDraft[]; onChange: (fields: FieldDraft[]) => void; errors: FieldErrors }) {
  const t = useT(formMessages);
  const profileLabel = useT(fieldLabels);
  const customLabel = useCustomFormFieldLabel();
  const label = (name: FieldDraft['name']) => (isCustomFormField(name) ? customLabel(name) : profileLabel(name));
  const [announcement, setAnnouncement] = useState('');
  const [focusAfterMove, setFocusAfterMove] = useState<{ name: FieldDraft['name']; by: -1 | 1 } | undefined>();
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    if (!focusAfterMove) return;
    const index = fields.findIndex((field) => field.name === focusAfterMove.name);
    const atEdge = focusAfterMove.by === -1 ? index === 0 : index === fields.length - 1;
    const direction = atEdge ? -focusAfterMove.by : focusAfterMove.by;
    buttons.current.get(`${focusAfterMove.name}:${direction}`)?.focus();
    setFocusAfterMove(undefined);
  }, [fields, focusAfterMove]);

  const update = (index: number, change: Partial<FieldDraft>) => onChange(fields.map((field, at) => (at === index ? { ...field, ...change } : field)));
  const move = (index: number, by: -1 | 1) => {
    const field = fields[index];
    if (!field) return;
    onChange(moved(fields, index, by));
    setFocusAfterMove({ name: field.name, by });
    setAnnouncement(t('movedTo', { field: label(field.name), position: index + by + 1, count: fields.length }));
  };

  return (
    <div className="field-list">
      <div className="field-row fixed">
        <span className="field-row-name">{t('email')}</span>
        <span className="muted">{t('requiredField', { field: t('email') })}</span>
      </div>
      <ol>
        {fields.map((field, index) => {
          const error = errors[field.name];
          const labelId = `form-field-label-${field.name}`;
          return (
            <li key={field.name}>
              <fieldset className={`field-row${field.included ? '' : ' excluded'}`}>
                <legend className="field-row-name">{label(field.name)}</legend>
                <div className="checkbox">
                  <input
                    id={`form-field-include-${field.name}`}
                    type="checkbox"
                    checked={field.included}
                    onChange={(event) => update(index, { included: event.target.checked, ...(event.target.checked ? {} : { required: false }) })}
                  />
                  <label htmlFor={`form-field-include-${field.name}`}>{t('include', { field: label(field.name) })}</label>
                </div>
                {isChannelBox(field.name) ? (
                  <p className="hint">{t('voluntaryBox')}</p>
                ) : (
                  <div className="checkbox">
                    <input
                      id={`form-field-required-${field.name}`}
                      type="checkbox"
                      checked={field.required}
                      disabled={!field.included}
                      onChange={(event) => update(index, { required: event.target.checked })}
                    />
                    <label htmlFor={`form-field-required-${field.name}`}>{t('requiredField', { field: label(field.name) })}</label>
                  </div>
                )}
                <div className="field">
                  <label htmlFor={labelId}>{t('customLabel', { field: label(field.name) })}</label>
                  <input
                    id={labelId}
                    value={field.label}
                    placeholder={label(field.name)}
                    disabled={!field.included}
                    maxLength={isChannelBox(field.name) ? 500 : 100}
                    onChange={(event) => update(index, { label: event.target.value })}
                    aria-invalid={error?.label ? true : undefined}
                    aria-describedby={error?.label || error?.name ? `${labelId}-error` : undefined}
                  />
                  {error?.label || error?.name ? (
                    <span id={`${labelId}-error`} className="field-error">
                      {error.label ?? error.name}
                    </span>
                  ) : null}
                </div>
                <div className="field-row-moves">
                  <button
                    type="button"
                    ref={(element) => {
                      if (element) buttons.current.set(`${field.name}:-1`, element);
                    }}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    {t('moveUp', { field: label(field.name) })}
                  </button>
                  <button
                    type="button"
                    ref={(element) => {
                      if (element) buttons.current.set(`${field.name}:1`, element);
                    }}
                    disabled={index === fields.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    {t('moveDown', { field: label(field.name) })}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}
