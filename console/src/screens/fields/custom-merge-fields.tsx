import { useT } from '../../i18n/locale';
import { fieldMessages } from './field-messages';
import { useCustomFields, useLabelOf } from './use-custom-fields';

/** The contacts' custom fields as merge fields (`{{fields.<key>}}`) for the template editor's list. */
export function CustomMergeFields({ onInsert }: { onInsert: (token: string) => void }) {
  const t = useT(fieldMessages);
  const labelOf = useLabelOf();
  const fields = useCustomFields('contact');
  if (fields.items.length === 0) return null;
  return (
    <>
      <h3 className="merge-fields-heading">{t('fieldsHeading')}</h3>
      <ul className="merge-fields">
        {fields.items.map((field) => {
          const token = `{{fields.${field.key}}}`;
          return (
            <li key={field.key}>
              <button type="button" onClick={() => onInsert(token)} aria-describedby={`merge-custom-${field.key}`}>
                {t('insertMerge', { field: token })}
              </button>
              <span id={`merge-custom-${field.key}`} className="hint">
                {labelOf(field.label)}
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
