import type { CustomFieldDefinition } from '#shared/domain/custom-field';
import { useT } from '../../i18n/locale';
import { fieldMessages } from './field-messages';
import { useLabelOf } from './use-custom-fields';

/**
 * The value editor of a segment condition on a custom field, by the field's type: a number input, a date
 * input (YYYY-MM-DD, as the field stores it), yes/no, the select's options, or text. `in` lists one value
 * per line, as for the other fields.
 */
export function CustomRuleValue({
  definition,
  operator,
  text,
  label,
  onChange,
  invalid,
}: {
  definition: CustomFieldDefinition | undefined;
  operator: string;
  text: string;
  label: string;
  onChange: (value: string) => void;
  invalid: { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };
}) {
  const t = useT(fieldMessages);
  const labelOf = useLabelOf();
  if (operator === 'exists') return null;
  if (operator === 'in') {
    return <textarea className="rqb-list" rows={3} aria-label={label} value={text} onChange={(event) => onChange(event.target.value)} {...invalid} />;
  }
  if (definition?.type === 'boolean' || definition?.type === 'select') {
    const options =
      definition.type === 'boolean'
        ? [
            { value: 'true', label: t('yes') },
            { value: 'false', label: t('no') },
          ]
        : (definition.options ?? []).map((option) => ({ value: option.value, label: labelOf(option.label) }));
    return (
      <select aria-label={label} value={text} onChange={(event) => onChange(event.target.value)} {...invalid}>
        <option value="">{t('unset')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    );
  }
  const type = definition?.type === 'number' ? 'number' : definition?.type === 'date' ? 'date' : 'text';
  return (
    <input
      type={type}
      step={type === 'number' ? 'any' : undefined}
      aria-label={label}
      value={text}
      onChange={(event) => onChange(event.target.value)}
      {...invalid}
    />
  );
}
