import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Topic } from '#shared/domain/topic';
import { useApi } from '../../api/api-context';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, TextArea, TextField } from '../../components/fields';
import { LoadMore } from '../../components/load-more';
import { Card, EmptyState, Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { defineMessages, useT } from '../../i18n/locale';
import { Allowed, useCan } from '../../roles/permissions';

const messages = defineMessages({
  en: {
    title: 'Topics',
    description: 'What people can subscribe to. Each consent is recorded with the exact wording of the topic’s consent text.',
    add: 'Add a topic',
    id: 'Key',
    idHint: 'Lower case letters, digits and dashes, e.g. newsletter. It cannot be changed later.',
    consentText: 'Consent text',
    consentTextHint: 'The sentence people agree to, shown next to the checkbox of a form.',
    topicDescription: 'Description',
    emptyTitle: 'No topics yet',
    emptyText: 'Add a topic such as “Newsletter” before you build a form or send a mailing: consent is always given for a topic.',
    version: 'Wording version',
    archiveConfirm: 'Archive the topic “{name}”? Forms and mailings can no longer use it; recorded consents stay.',
    archived: 'Archived',
  },
  de: {
    title: 'Themen',
    description: 'Worauf sich Personen anmelden können. Jede Einwilligung wird mit dem genauen Wortlaut des Einwilligungstextes gespeichert.',
    add: 'Thema hinzufügen',
    id: 'Schlüssel',
    idHint: 'Kleinbuchstaben, Ziffern und Bindestriche, z. B. newsletter. Lässt sich später nicht ändern.',
    consentText: 'Einwilligungstext',
    consentTextHint: 'Der Satz, dem Personen zustimmen; er steht neben dem Häkchen im Formular.',
    topicDescription: 'Beschreibung',
    emptyTitle: 'Noch keine Themen',
    emptyText: 'Legen Sie ein Thema wie „Newsletter“ an, bevor Sie ein Formular bauen oder ein Mailing senden: Eine Einwilligung gilt immer für ein Thema.',
    version: 'Textversion',
    archiveConfirm: 'Thema „{name}“ archivieren? Formulare und Mailings können es nicht mehr verwenden; erteilte Einwilligungen bleiben erhalten.',
    archived: 'Archiviert',
  },
});

function AddTopic() {
  const t = useT(messages);
  const c = useT(commonMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ id: '', name: '', description: '', consentText: '' });
  const create = useMutation({
    mutationFn: () =>
      api.send<Topic>('POST', '/v1/topics', {
        id: form.id.trim(),
        name: form.name.trim(),
        ...(form.description.trim() ? { description: form.description.trim() } : {}),
        ...(form.consentText.trim() ? { consentText: form.consentText.trim() } : {}),
      }),
    onSuccess: async () => {
      setForm({ id: '', name: '', description: '', consentText: '' });
      await queryClient.invalidateQueries({ queryKey: ['/v1/topics'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  return (
    <Card title={t('add')} id="add-topic">
      <form onSubmit={submit} className="form-grid" noValidate>
        <FormProblem problem={create.error} fallback={c('fixFields')} />
        <TextField label={t('id')} hint={t('idHint')} value={form.id} onChange={set('id')} error={fieldError(create.error, 'id')} required />
        <TextField label={c('name')} value={form.name} onChange={set('name')} error={fieldError(create.error, 'name')} required />
        <TextField label={t('topicDescription')} value={form.description} onChange={set('description')} error={fieldError(create.error, 'description')} />
        <TextArea
          label={t('consentText')}
          hint={t('consentTextHint')}
          value={form.consentText}
          onChange={set('consentText')}
          error={fieldError(create.error, 'consentText')}
          rows={2}
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? c('saving') : t('add')}
          </button>
        </div>
      </form>
    </Card>
  );
}

export default function TopicsScreen() {
  const t = useT(messages);
  const c = useT(commonMessages);
  const format = useFormat();
  const api = useApi();
  const queryClient = useQueryClient();
  const list = usePaged<Topic>('/v1/topics');
  const mayArchive = useCan().can('DELETE /v1/topics/{id}');
  const archive = useMutation({
    mutationFn: (id: string) => api.send('DELETE', `/v1/topics/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['/v1/topics'] }),
  });
  return (
    <Page title={t('title')} description={t('description')}>
      <Allowed route="POST /v1/topics">
        <AddTopic />
      </Allowed>
      <Card>
        {list.isPending ? (
          <p role="status">{c('loading')}</p>
        ) : list.items.length === 0 ? (
          <EmptyState title={t('emptyTitle')}>{t('emptyText')}</EmptyState>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('id')}</th>
                <th scope="col">{c('name')}</th>
                <th scope="col">{t('consentText')}</th>
                <th scope="col">{t('version')}</th>
                <th scope="col">{c('created')}</th>
                {mayArchive ? (
                  <th scope="col">
                    <span className="visually-hidden">{c('actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {list.items.map((topic) => (
                <tr key={topic.id}>
                  <td>
                    <code>{topic.id}</code>
                  </td>
                  <td>{topic.name}</td>
                  <td className="wrap">{topic.consentText}</td>
                  <td>
                    <code>{topic.textVersion}</code>
                  </td>
                  <td>{format.date(topic.createdAt)}</td>
                  {mayArchive ? (
                    <td>
                      <button
                        type="button"
                        className="link danger"
                        aria-label={`${c('archive')}: ${topic.name}`}
                        onClick={() => {
                          if (window.confirm(t('archiveConfirm', { name: topic.name }))) archive.mutate(topic.id);
                        }}
                      >
                        {c('archive')}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
      </Card>
    </Page>
  );
}
