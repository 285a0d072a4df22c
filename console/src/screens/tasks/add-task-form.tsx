import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { ApiProblem } from '../../api/problem';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, TextArea, TextField } from '../../components/fields';
import { useT } from '../../i18n/locale';
import { AssigneePicker, assigneeBody } from './assignee-picker';
import { useTaskInvalidation } from './task-list';
import { taskMessages } from './task-messages';

/** Tomorrow at 09:00 local time, as a datetime-local value. */
function tomorrowMorning(): string {
  const at = new Date();
  at.setDate(at.getDate() + 1);
  at.setHours(9, 0, 0, 0);
  at.setMinutes(at.getMinutes() - at.getTimezoneOffset());
  return at.toISOString().slice(0, 16);
}

/**
 * A new task: on the given contact or company, or (on the tasks screen) on the contact with the address
 * typed; for the signed-in user unless another user or a team is chosen.
 */
export function AddTaskForm({ subject }: { subject?: { contactId: string } | { companyId: string } }) {
  const t = useT(taskMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const invalidate = useTaskInvalidation();
  const empty = { title: '', dueAt: tomorrowMorning(), note: '', email: '', assignee: '' };
  const [form, setForm] = useState(empty);
  const [status, setStatus] = useState('');
  const create = useMutation({
    mutationFn: async () => {
      let about = subject;
      if (!about) {
        const found = form.email.trim()
          ? await api.get<ResponseOf<'GET /v1/contacts'>>('/v1/contacts', { email: form.email.trim() })
          : { items: [] as Array<{ id: string }> };
        const contact = found.items[0];
        if (!contact) throw new ApiProblem(400, t('noSuchContact'), undefined, [{ path: 'contactEmail', message: t('noSuchContact') }]);
        about = { contactId: contact.id };
      }
      return api.send<ResponseOf<'POST /v1/tasks', 201>>('POST', '/v1/tasks', {
        ...about,
        title: form.title.trim(),
        dueAt: form.dueAt ? new Date(form.dueAt).toISOString() : '',
        ...(form.note.trim() ? { note: form.note.trim() } : {}),
        ...assigneeBody(form.assignee),
      });
    },
    onSuccess: async (task) => {
      setForm({ ...empty, email: form.email });
      setStatus(t('created', { title: task.title }));
      await invalidate();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    create.mutate();
  };
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  return (
    <form onSubmit={submit} className="form-grid" noValidate aria-label={t('add')}>
      <FormProblem problem={create.error} fallback={c('fixFields')} />
      {subject ? null : (
        <TextField
          label={t('contactEmail')}
          hint={t('contactEmailHint')}
          type="email"
          value={form.email}
          onChange={set('email')}
          error={fieldError(create.error, 'contactEmail') ?? fieldError(create.error, 'contactId')}
          required
        />
      )}
      <TextField label={t('taskTitle')} value={form.title} onChange={set('title')} error={fieldError(create.error, 'title')} required />
      <TextField label={t('dueAt')} type="datetime-local" value={form.dueAt} onChange={set('dueAt')} error={fieldError(create.error, 'dueAt')} required />
      <AssigneePicker
        label={t('assignee')}
        value={form.assignee}
        onChange={(assignee) => setForm({ ...form, assignee })}
        error={fieldError(create.error, 'assigneeId') ?? fieldError(create.error, 'team')}
        withMe
      />
      <TextArea label={t('note')} value={form.note} onChange={set('note')} error={fieldError(create.error, 'note')} rows={2} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? c('saving') : t('add')}
        </button>
        <span role="status">{status}</span>
      </div>
    </form>
  );
}
