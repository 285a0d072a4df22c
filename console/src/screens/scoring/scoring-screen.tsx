import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, TextField } from '../../components/fields';
import { Card, Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { useCan } from '../../roles/permissions';
import { ReadOnlyGroup, ReadOnlyNotice } from '../../roles/read-only';
import { RulesEditor } from './rules-editor';
import { bodyOf, draftOf, type ScoringDraft } from './scoring-draft';
import { scoringMessages } from './scoring-messages';
import './scoring.css';

type Scoring = ResponseOf<'GET /v1/scoring'>;
type Preview = ResponseOf<'POST /v1/scoring/preview'>;

function RebuildStatus({ rebuild }: { rebuild: Scoring['rebuild'] }) {
  const t = useT(scoringMessages);
  const format = useFormat();
  return (
    <p role="status" aria-live="polite" className={rebuild?.status === 'running' ? 'notice warn' : 'muted'}>
      {!rebuild
        ? t('rebuildNone')
        : rebuild.status === 'running'
          ? t('rebuildRunning', { done: format.number(rebuild.done), startedAt: format.dateTime(rebuild.startedAt) })
          : t('rebuildDone', { done: format.number(rebuild.done), finishedAt: rebuild.finishedAt ? format.dateTime(rebuild.finishedAt) : '' })}
    </p>
  );
}

function ScoringEditor({ scoring }: { scoring: Scoring }) {
  const t = useT(scoringMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const api = useApi();
  const queryClient = useQueryClient();
  const [draft, setDraftState] = useState<ScoringDraft>(() => draftOf(scoring));
  const { can } = useCan();
  const editable = can('PUT /v1/scoring');
  const save = useMutation({
    mutationFn: () => api.send<Scoring>('PUT', '/v1/scoring', bodyOf(draft)),
    onSuccess: (saved) => queryClient.setQueryData(['/v1/scoring'], saved),
  });
  const preview = useMutation({ mutationFn: () => api.send<Preview>('POST', '/v1/scoring/preview', bodyOf(draft)) });
  // A preview answers for the draft it was asked for: an edit makes it stale, so it goes.
  const setDraft = (next: ScoringDraft) => {
    setDraftState(next);
    preview.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (editable) save.mutate();
  };
  const problem = save.error ?? preview.error;
  return (
    <form onSubmit={submit} noValidate>
      <ReadOnlyNotice route="PUT /v1/scoring" />
      <ReadOnlyGroup readOnly={!editable}>
        <Card title={t('rules')} actions={<span className="muted">{t('version', { version: scoring.version })}</span>}>
          <FormProblem problem={problem} fallback={c('fixFields')} />
          <p className="hint">{t('rulesHint')}</p>
          <RulesEditor rows={draft.rows} onChange={(rows) => setDraft({ ...draft, rows })} error={problem} />
        </Card>
        <Card>
          <div className="scoring-settings">
            <TextField
              label={t('decay')}
              hint={t('decayHint')}
              inputMode="decimal"
              value={draft.decay}
              onChange={(event) => setDraft({ ...draft, decay: event.target.value })}
              error={fieldError(problem, 'decayPercentPerMonth')}
            />
            <TextField
              label={t('qualifyAt')}
              hint={t('qualifyAtHint')}
              inputMode="numeric"
              value={draft.qualifyAt}
              onChange={(event) => setDraft({ ...draft, qualifyAt: event.target.value })}
              error={fieldError(problem, 'qualifyAt')}
            />
          </div>
          {editable ? (
            <>
              <div className="form-actions">
                {can('POST /v1/scoring/preview') ? (
                  <button type="button" onClick={() => preview.mutate()} disabled={preview.isPending}>
                    {preview.isPending ? c('loading') : t('preview')}
                  </button>
                ) : null}
                <button type="submit" className="primary" disabled={save.isPending}>
                  {save.isPending ? c('saving') : t('save')}
                </button>
              </div>
              <p className="hint">{t('previewHint')}</p>
            </>
          ) : null}
          <div role="status" aria-live="polite">
            {preview.data ? (
              <p className="notice ok">
                {t('previewResult', {
                  qualified: format.number(preview.data.qualified),
                  contacts: format.number(preview.data.contacts),
                  currently: format.number(preview.data.currentlyQualified),
                })}
                {preview.data.sampled
                  ? ` ${t('previewSampled', { share: format.percent(preview.data.fraction), margin: format.number(preview.data.margin) })}`
                  : ''}
              </p>
            ) : null}
            {save.isSuccess ? <p className="notice ok">{t('saved', { version: save.data.version })}</p> : null}
          </div>
        </Card>
      </ReadOnlyGroup>
    </form>
  );
}

/** `/scoring`: the rules editor, decay and threshold, a preview of the draft, and the rebuild's progress after a save. */
export default function ScoringScreen() {
  const t = useT(scoringMessages);
  const api = useApi();
  const query = useQuery({ queryKey: ['/v1/scoring'], queryFn: () => api.get<Scoring>('/v1/scoring') });
  const running = query.data?.rebuild?.status === 'running';
  const { refetch } = query;
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => void refetch(), 1000);
    return () => window.clearInterval(timer);
  }, [running, refetch]);
  return (
    <Page title={t('title')} description={t('description')}>
      <QueryState query={query}>
        {(scoring) => (
          <>
            <Card title={t('rebuild')}>
              <RebuildStatus rebuild={scoring.rebuild} />
            </Card>
            <ScoringEditor scoring={scoring} />
          </>
        )}
      </QueryState>
    </Page>
  );
}
