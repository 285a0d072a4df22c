import { useEffect, useRef, useState } from 'react';
import { fieldError } from '../../components/fields';
import { useT } from '../../i18n/locale';
import { fieldMessages } from './field-messages';

export interface OptionDraft {
  value: string;
  de: string;
  en: string;
}

/**
 * A select's options: one row per option (value, German and English label), "Add option" adds a row and
 * puts the focus in its value, "Remove" removes a row and moves the focus to the row before (or to "Add
 * option"); each change is announced. Every control is a plain input or button, so Tab, Enter and Space
 * do all of it.
 */
export function OptionsEditor({ options, onChange, error }: { options: OptionDraft[]; onChange: (options: OptionDraft[]) => void; error: unknown }) {
  const t = useT(fieldMessages);
  const [announcement, setAnnouncement] = useState('');
  const [focusRow, setFocusRow] = useState<number | 'add' | undefined>();
  const valueInputs = useRef(new Map<number, HTMLInputElement>());
  const addButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusRow === undefined) return;
    if (focusRow === 'add') addButton.current?.focus();
    else valueInputs.current.get(focusRow)?.focus();
    setFocusRow(undefined);
  }, [focusRow]);

  const update = (index: number, change: Partial<OptionDraft>) => onChange(options.map((option, at) => (at === index ? { ...option, ...change } : option)));
  const add = () => {
    onChange([...options, { value: '', de: '', en: '' }]);
    setFocusRow(options.length);
    setAnnouncement(t('optionAdded', { position: options.length + 1 }));
  };
  const remove = (index: number) => {
    onChange(options.filter((_, at) => at !== index));
    setFocusRow(index > 0 ? index - 1 : options.length > 1 ? 0 : 'add');
    setAnnouncement(t('optionRemoved', { value: options[index]?.value || t('optionNumber', { position: index + 1 }) }));
  };
  const listError = fieldError(error, 'options');

  return (
    <fieldset className="full options-editor">
      <legend>{t('options')}</legend>
      <p className="hint">{t('optionsHint')}</p>
      {listError ? <p className="field-error">{listError}</p> : null}
      <ol>
        {options.map((option, index) => {
          const id = `option-${index}`;
          const valueError = fieldError(error, `options.${index}.value`);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the position is the row's identity
            <li key={index} className="option-row">
              <div className="field">
                <label htmlFor={`${id}-value`}>{t('optionValue', { position: index + 1 })}</label>
                <input
                  id={`${id}-value`}
                  ref={(element) => {
                    if (element) valueInputs.current.set(index, element);
                    else valueInputs.current.delete(index);
                  }}
                  value={option.value}
                  maxLength={100}
                  aria-invalid={valueError ? true : undefined}
                  aria-describedby={valueError ? `${id}-error` : undefined}
                  onChange={(event) => update(index, { value: event.target.value })}
                />
                {valueError ? (
                  <span id={`${id}-error`} className="field-error">
                    {valueError}
                  </span>
                ) : null}
              </div>
              <div className="field">
                <label htmlFor={`${id}-de`}>{t('optionLabelDe', { position: index + 1 })}</label>
                <input
                  id={`${id}-de`}
                  value={option.de}
                  placeholder={option.value}
                  maxLength={100}
                  onChange={(event) => update(index, { de: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-en`}>{t('optionLabelEn', { position: index + 1 })}</label>
                <input
                  id={`${id}-en`}
                  value={option.en}
                  placeholder={option.value}
                  maxLength={100}
                  onChange={(event) => update(index, { en: event.target.value })}
                />
              </div>
              <button type="button" className="link danger" onClick={() => remove(index)} aria-label={t('removeOption', { position: index + 1 })}>
                {t('remove')}
              </button>
            </li>
          );
        })}
      </ol>
      <button type="button" ref={addButton} onClick={add}>
        {t('addOption')}
      </button>
      <p role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </p>
    </fieldset>
  );
}
