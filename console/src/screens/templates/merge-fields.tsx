import type { MergeField } from '#shared/domain/template';
import { Card } from '../../components/page';
import { useT } from '../../i18n/locale';
import { CustomMergeFields } from '../fields/custom-merge-fields';
import { templateMessages } from './template-messages';

/** The merge fields the server knows (MERGE_FIELDS), and the fallback syntax as one example. */
const FIELDS: Array<{ token: string; key: `field_${MergeField}` | 'field_fallback' }> = [
  { token: '{{firstName}}', key: 'field_firstName' },
  { token: '{{lastName}}', key: 'field_lastName' },
  { token: '{{company}}', key: 'field_company' },
  { token: '{{email}}', key: 'field_email' },
  { token: '{{unsubscribeUrl}}', key: 'field_unsubscribeUrl' },
  { token: '{{preferencesUrl}}', key: 'field_preferencesUrl' },
  { token: '{{firstName|Kundin, Kunde}}', key: 'field_fallback' },
];

/** A list of merge fields, each with a button that inserts it where the cursor last was. */
export function MergeFields({ onInsert, announcement }: { onInsert: (token: string) => void; announcement: string }) {
  const t = useT(templateMessages);
  return (
    <Card title={t('mergeFields')} id="merge-fields">
      <p className="hint">{t('mergeFieldsHint')}</p>
      <ul className="merge-fields">
        {FIELDS.map((field) => (
          <li key={field.token}>
            <button type="button" onClick={() => onInsert(field.token)} aria-describedby={`merge-${field.key}`}>
              {t('insert', { field: field.token })}
            </button>
            <span id={`merge-${field.key}`} className="hint">
              {t(field.key)}
            </span>
          </li>
        ))}
      </ul>
      <CustomMergeFields onInsert={onInsert} />
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </Card>
  );
}
