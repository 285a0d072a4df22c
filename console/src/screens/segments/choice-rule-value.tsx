import { useT } from '../../i18n/locale';
import { abcMessages } from '../companies/abc-messages';
import { choicesOf, fieldKind } from './segment-rule-mapping';

/**
 * The value of a condition on a field with a fixed list of values (the ABC class): a select for "is", a
 * checkbox per value for "is one of" (the rule keeps one value per line, as the other lists do).
 */
export function ChoiceValue({
  field,
  operator,
  text,
  label,
  where,
  onChange,
  invalid,
}: {
  field: string;
  operator: string;
  text: string;
  /** The select's accessible name ("Value of condition 1"). */
  label: string;
  /** The condition's name ("condition 1"), for the checkboxes' group name. */
  where: string;
  onChange: (value: string) => void;
  invalid: { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };
}) {
  const t = useT(abcMessages);
  const values = choicesOf(fieldKind(field), field);
  const name = (value: string) => (field === 'abc' && (['A', 'B', 'C', 'none'] as const).includes(value as 'A') ? t(`option_${value as 'A'}`) : value);
  if (operator === 'in') {
    const chosen = new Set(text.split('\n').filter(Boolean));
    const toggle = (value: string, on: boolean) => {
      const next = new Set(chosen);
      if (on) next.add(value);
      else next.delete(value);
      onChange(values.filter((candidate) => next.has(candidate)).join('\n'));
    };
    return (
      <fieldset className="rqb-statuses" {...invalid}>
        <legend className="visually-hidden">{t('classesOf', { where })}</legend>
        {values.map((value) => (
          <label key={value}>
            <input type="checkbox" checked={chosen.has(value)} onChange={(event) => toggle(value, event.target.checked)} /> {name(value)}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <select aria-label={label} value={text} onChange={(event) => onChange(event.target.value)} {...invalid}>
      {values.map((value) => (
        <option key={value} value={value}>
          {name(value)}
        </option>
      ))}
    </select>
  );
}
