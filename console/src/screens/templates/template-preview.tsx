import { useQuery } from '@tanstack/react-query';
import type { RenderedMail, Template } from '#shared/domain/template';
import { useApi } from '../../api/api-context';
import { Card } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/locale';
import { type ContactChoice, ContactPicker, contactName } from './contact-picker';
import { templateMessages } from './template-messages';

/**
 * The saved template rendered by the API for the chosen contact (or the sample person): subject, the
 * HTML in a sandboxed frame (no script, no navigation) and the text part. It renders again after each
 * save (the template's `updatedAt` is part of the query) and on "Refresh preview".
 */
export function TemplatePreview({
  template,
  dirty,
  contact,
  onContact,
}: {
  template: Template | undefined;
  dirty: boolean;
  contact: ContactChoice | undefined;
  onContact: (contact: ContactChoice | undefined) => void;
}) {
  const t = useT(templateMessages);
  const api = useApi();
  const preview = useQuery({
    queryKey: ['/v1/templates', template?.id, 'preview', contact?.id ?? 'sample', template?.updatedAt],
    queryFn: () => api.send<RenderedMail>('POST', `/v1/templates/${encodeURIComponent(template?.id ?? '')}/preview`, contact ? { contactId: contact.id } : {}),
    enabled: template !== undefined,
  });
  return (
    <Card
      title={t('preview')}
      id="template-preview"
      actions={
        template ? (
          <button type="button" onClick={() => void preview.refetch()} disabled={preview.isFetching}>
            {t('refreshPreview')}
          </button>
        ) : undefined
      }
    >
      <p className="hint">{t('previewHint')}</p>
      {!template ? (
        <p className="muted">{t('previewSaveFirst')}</p>
      ) : (
        <div className="template-preview">
          <ContactPicker chosen={contact} onChoose={onContact} />
          <div className="template-preview-mail">
            {dirty ? <p className="notice warn">{t('previewUnsaved')}</p> : null}
            <p className="muted" role="status">
              {t('previewFor', { who: contact ? contactName(contact) : t('samplePerson') })}
            </p>
            <QueryState query={preview}>
              {(mail) => (
                <>
                  <dl className="facts">
                    <dt>{t('subject')}</dt>
                    <dd className="preview-subject">{mail.subject}</dd>
                  </dl>
                  <iframe className="preview" title={t('previewFrame')} sandbox="" srcDoc={mail.html} />
                  <h3>{t('text')}</h3>
                  {/* biome-ignore lint/a11y/noNoninteractiveTabindex lint/a11y/useAriaPropsSupportedByRole: a scrollable region must be reachable by keyboard and named (axe scrollable-region-focusable) */}
                  <pre className="snippet preview-text" tabIndex={0} aria-label={t('text')}>
                    {mail.text}
                  </pre>
                </>
              )}
            </QueryState>
          </div>
        </div>
      )}
    </Card>
  );
}
