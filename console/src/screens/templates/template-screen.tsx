import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { input } from 'zod';
import type { createTemplateSchema, Template } from '#shared/domain/template';
import { useApi } from '../../api/api-context';
import { ArchiveButton } from '../../components/archive-button';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, TextArea, TextField } from '../../components/fields';
import { Card, Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import type { ContactChoice } from './contact-picker';
import type { HtmlEditorHandle } from './html-editor';
import { MergeFields } from './merge-fields';
import { TemplatePreview } from './template-preview';
import { Allowed, useCan } from '../../roles/permissions';
import { ReadOnlyGroup, ReadOnlyNotice } from '../../roles/read-only';
import { templateMessages } from './template-messages';
import { TestSend } from './test-send';
import './templates.css';

// CodeMirror with HTML (and the CSS and JavaScript it nests) is most of this screen's weight: it loads
// after the screen is shown, so the list of fields, the preview and the test send do not wait for it.
const HtmlEditor = lazy(() => import('./html-editor').then((module) => ({ default: module.HtmlEditor })));

type TemplateBody = input<typeof createTemplateSchema>;
type Part = 'subject' | 'html' | 'text';

interface Draft {
  name: string;
  subject: string;
  html: string;
  text: string;
}

const draftOf = (template: Template | undefined): Draft => ({
  name: template?.name ?? '',
  subject: template?.subject ?? '',
  html: template?.html ?? '',
  text: template?.text ?? '',
});

const bodyOf = (draft: Draft): TemplateBody => ({
  name: draft.name,
  subject: draft.subject,
  html: draft.html,
  ...(draft.text.trim() ? { text: draft.text } : {}),
});

function TemplateEditor({ saved }: { saved: Template | undefined }) {
  const t = useT(templateMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const format = useFormat();
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const [notice, setNotice] = useState(() => ((location.state as { notice?: string } | null)?.notice === 'created' ? t('created') : ''));
  const [contact, setContact] = useState<ContactChoice | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const editor = useRef<HtmlEditorHandle>(null);
  // Where a merge field goes: the part the person was last in, and the text field itself for its cursor.
  const target = useRef<{ part: Part; element?: HTMLInputElement | HTMLTextAreaElement }>({ part: 'html' });
  const [caret, setCaret] = useState<{ element: HTMLInputElement | HTMLTextAreaElement; at: number } | undefined>();
  useEffect(() => {
    if (!caret) return;
    caret.element.focus();
    caret.element.setSelectionRange(caret.at, caret.at);
    setCaret(undefined);
  }, [caret]);

  const set = (name: keyof Draft, value: string) => {
    setDraft((current) => ({ ...current, [name]: value }));
    setNotice('');
  };

  const save = useMutation({
    mutationFn: (body: TemplateBody) =>
      saved ? api.send<Template>('PATCH', `/v1/templates/${encodeURIComponent(saved.id)}`, body) : api.send<Template>('POST', '/v1/templates', body),
    onSuccess: async (template) => {
      queryClient.setQueryData(['/v1/templates', template.id], template);
      await queryClient.invalidateQueries({ queryKey: ['/v1/templates'] });
      if (saved) setNotice(t('saved'));
      else navigate(`/templates/${encodeURIComponent(template.id)}`, { replace: true, state: { notice: 'created' } });
    },
  });
  const archive = useMutation({
    mutationFn: (id: string) => api.send('DELETE', `/v1/templates/${encodeURIComponent(id)}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['/v1/templates'] });
      navigate('/templates', { state: { notice: 'archived' } });
    },
  });

  const insert = (token: string) => {
    const { part, element } = target.current;
    if (part === 'html' || !element) {
      editor.current?.insert(token);
    } else {
      const value = draft[part];
      const start = element.selectionStart ?? value.length;
      const end = element.selectionEnd ?? start;
      set(part, `${value.slice(0, start)}${token}${value.slice(end)}`);
      setCaret({ element, at: start + token.length });
    }
    setAnnouncement(t('inserted', { field: token, target: t(`target_${part === 'html' || !element ? 'html' : part}`) }));
  };
  const remember = (part: Part) => (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
    target.current = { part, element: event.currentTarget };
  };

  const { can } = useCan();
  const editable = can(saved ? 'PATCH /v1/templates/{id}' : 'POST /v1/templates');
  const error = save.error;
  const htmlError = fieldError(error, 'html');
  const dirty = saved !== undefined && JSON.stringify(bodyOf(draft)) !== JSON.stringify(bodyOf(draftOf(saved)));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    if (editable) save.mutate(bodyOf(draft));
  };

  return (
    <Page
      title={saved ? t('editTitle', { name: saved.name }) : t('newTitle')}
      description={t('editorDescription')}
      actions={
        saved && !saved.archivedAt && can('DELETE /v1/templates/{id}') ? (
          <ArchiveButton confirmText={t('archiveConfirm', { name: saved.name })} pending={archive.isPending} onArchive={() => archive.mutate(saved.id)} />
        ) : undefined
      }
    >
      {saved ? <ReadOnlyNotice route="PATCH /v1/templates/{id}" /> : null}
      {saved?.archivedAt ? <p className="notice warn">{t('isArchived', { date: format.date(saved.archivedAt) })}</p> : null}
      <div className={editable ? 'template-editor' : 'template-editor read-only'}>
        <Card title={t('content')} id="template-content">
          <form className="stack" onSubmit={onSubmit} noValidate aria-labelledby="template-content">
            <FormProblem problem={error} fallback={c('fixFields')} />
            <FormProblem problem={archive.error} fallback={c('fixFields')} />
            <ReadOnlyGroup readOnly={!editable} className="stack">
              <TextField
                label={c('name')}
                value={draft.name}
                onChange={(event) => set('name', event.target.value)}
                error={fieldError(error, 'name')}
                required
                maxLength={200}
              />
              <TextField
                label={t('subject')}
                value={draft.subject}
                onChange={(event) => set('subject', event.target.value)}
                onFocus={remember('subject')}
                error={fieldError(error, 'subject')}
                required
                maxLength={500}
              />
              <div className="field">
                {/* biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: a label for the mouse like <label>; the editor itself is in the tab order */}
                <span id="template-html-label" onClick={() => editor.current?.focus()}>
                  {t('html')}
                </span>
                <Suspense
                  fallback={
                    <p className="muted" role="status">
                      {c('loading')}
                    </p>
                  }
                >
                  <HtmlEditor
                    ref={editor}
                    value={draft.html}
                    onChange={(html) => set('html', html)}
                    onFocus={() => {
                      target.current = { part: 'html' };
                    }}
                    labelledBy="template-html-label"
                    describedBy={`template-html-hint${htmlError ? ' template-html-error' : ''}`}
                    invalid={htmlError !== undefined}
                    readOnly={!editable}
                  />
                </Suspense>
                <span id="template-html-hint" className="hint">
                  {t('htmlHint')}
                </span>
                {htmlError ? (
                  <span id="template-html-error" className="field-error">
                    {htmlError}
                  </span>
                ) : null}
              </div>
              <TextArea
                label={t('text')}
                hint={t('textHint')}
                value={draft.text}
                onChange={(event) => set('text', event.target.value)}
                onFocus={remember('text')}
                error={fieldError(error, 'text')}
                rows={6}
              />
            </ReadOnlyGroup>
            {editable ? (
              <div className="form-actions">
                <button type="submit" className="primary" disabled={save.isPending}>
                  {save.isPending ? c('saving') : saved ? c('save') : t('create')}
                </button>
                <span role="status" className="save-status">
                  {notice}
                </span>
              </div>
            ) : null}
          </form>
        </Card>
        {editable ? (
          <div className="template-editor-side">
            <MergeFields onInsert={insert} announcement={announcement} />
          </div>
        ) : null}
      </div>
      <Allowed route="POST /v1/templates/{id}/preview">
        <TemplatePreview template={saved} dirty={dirty} contact={contact} onContact={setContact} />
      </Allowed>
      <Allowed route="POST /v1/templates/{id}/test">
        <TestSend template={saved} contact={contact} />
      </Allowed>
    </Page>
  );
}

export default function TemplateScreen() {
  const { id } = useParams();
  const t = useT(templateMessages);
  const api = useApi();
  const template = useQuery({
    queryKey: ['/v1/templates', id],
    queryFn: () => api.get<Template>(`/v1/templates/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
  });
  if (id === undefined) return <TemplateEditor key="new" saved={undefined} />;
  if (!template.data) {
    return (
      <Page title={t('title')}>
        <QueryState query={template}>{() => null}</QueryState>
      </Page>
    );
  }
  return <TemplateEditor key={template.data.id} saved={template.data} />;
}
