import { useMemo, useState } from 'react';
import type { Form } from '#shared/domain/form';
import { renderEmbedHtml } from '#shared/domain/form-embed';
import type { Topic } from '#shared/domain/topic';
import type { FormWithEmbed } from '#shared/use-cases/manage-forms';
import { commonMessages } from '../../components/common-messages';
import { Card } from '../../components/page';
import { useT } from '../../i18n/locale';
import { formMessages } from './form-messages';

/** The snippet inside a page of its own, with the plain look a visitor's browser gives an unstyled form. */
function visitorPage(snippet: string, lang: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Preview</title><style>body{font-family:system-ui,sans-serif;margin:1rem 1.25rem;color:#1c2230}input:not([type=checkbox]){padding:.35rem .5rem;min-width:18rem;border:1px solid #8a93a3;border-radius:4px}button{padding:.4rem 1rem}</style></head><body>${snippet}</body></html>`;
}

/**
 * What a visitor sees, rendered in a sandboxed frame (no script runs, nothing is submitted). It is
 * drawn from the builder's current values with the server's own renderer, so unsaved changes show at
 * once; the snippet to copy is always the saved form's `embedHtml`, and a note says when they differ.
 */
export function FormPreview({ draftForm, topics, saved, dirty }: { draftForm: Form; topics: Topic[]; saved: FormWithEmbed | undefined; dirty: boolean }) {
  const t = useT(formMessages);
  const srcDoc = useMemo(() => {
    const chosen = draftForm.topics.flatMap((id) => topics.filter((topic) => topic.id === id));
    return visitorPage(renderEmbedHtml(draftForm, chosen, saved?.submissionUrl ?? '#'), draftForm.locale);
  }, [draftForm, topics, saved?.submissionUrl]);
  return (
    <Card title={t('preview')} id="form-preview">
      <p className="hint">{t('previewNote')}</p>
      {!saved ? <p className="notice warn">{t('previewNew')}</p> : dirty ? <p className="notice warn">{t('previewUnsaved')}</p> : null}
      <iframe className="preview form-preview" title={t('previewFrame')} sandbox="" srcDoc={srcDoc} />
      {saved ? <Snippet html={saved.embedHtml} /> : null}
    </Card>
  );
}

function Snippet({ html }: { html: string }) {
  const t = useT(formMessages);
  const c = useT(commonMessages);
  const [status, setStatus] = useState<{ ok: boolean; text: string }>({ ok: true, text: '' });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(html);
      setStatus({ ok: true, text: c('copied') });
    } catch (error) {
      setStatus({ ok: false, text: t('copyFailed', { message: (error as Error).message }) });
    }
  };
  return (
    <div className="snippet-block">
      <div className="card-header">
        <h3 id="form-snippet">{t('snippet')}</h3>
        <button type="button" onClick={() => void copy()}>
          {t('copySnippet')}
        </button>
      </div>
      <p className="hint">{t('snippetHint')}</p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex lint/a11y/useAriaPropsSupportedByRole: a scrollable region must be reachable by keyboard and named (axe scrollable-region-focusable) */}
      <pre className="snippet" tabIndex={0} aria-labelledby="form-snippet">
        <code>{html}</code>
      </pre>
      <p role="status" className={status.ok ? 'copy-status' : 'field-error'}>
        {status.text}
      </p>
    </div>
  );
}
