import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, Fragment, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../api/api-context';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, TextField } from '../../components/fields';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { useCan } from '../../roles/permissions';
import { AssigneePicker, assigneeBody, assigneeChoiceOf, useAssigneeName } from './assignee-picker';
import { taskMessages } from './task-messages';
import type { TaskItem } from './use-users';
import './tasks.css';

/** After a task changed: every task list, and the contact's or company's page it shows on. */
export function useTaskInvalidation() {
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({
      predicate: (query) => ['/v1/tasks', 'contact', 'company'].includes(String(query.queryKey[0])),
    });
}

/** The local calendar day of an ISO time, for a date input. */
const localDate = (iso: string) => {
  const at = new Date(iso);
  at.setMinutes(at.getMinutes() - at.getTimezoneOffset());
  return at.toISOString().slice(0, 10);
};

/** The same local time of day as `iso`, on `day`. */
const onDay = (iso: string, day: string) => {
  const at = new Date(iso);
  const [year, month, date] = day.split('-').map(Number);
  at.setFullYear(year ?? at.getFullYear(), (month ?? at.getMonth() + 1) - 1, date ?? at.getDate());
  return at.toISOString();
};

function ChangeTask({ task, onDone }: { task: TaskItem; onDone: (message: string) => void }) {
  const t = useT(taskMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const invalidate = useTaskInvalidation();
  const [day, setDay] = useState(localDate(task.dueAt));
  const [assignee, setAssignee] = useState(assigneeChoiceOf(task));
  const save = useMutation({
    mutationFn: () =>
      api.send<TaskItem>('PATCH', `/v1/tasks/${encodeURIComponent(task.id)}`, {
        ...(day && day !== localDate(task.dueAt) ? { dueAt: onDay(task.dueAt, day) } : {}),
        ...(assignee !== assigneeChoiceOf(task) ? assigneeBody(assignee) : {}),
      }),
    onSuccess: async (saved) => {
      await invalidate();
      onDone(t('changed', { title: saved.title }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (day === localDate(task.dueAt) && assignee === assigneeChoiceOf(task)) onDone('');
    else save.mutate();
  };
  return (
    <form onSubmit={submit} className="form-grid task-change" noValidate aria-label={`${t('change')}: ${task.title}`}>
      <FormProblem problem={save.error} fallback={c('fixFields')} />
      <TextField
        label={t('newDue')}
        type="date"
        value={day}
        onChange={(event) => setDay(event.target.value)}
        error={fieldError(save.error, 'dueAt')}
        required
      />
      <AssigneePicker
        label={t('reassign')}
        value={assignee}
        onChange={setAssignee}
        error={fieldError(save.error, 'assigneeId') ?? fieldError(save.error, 'team')}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? c('saving') : t('saveChange')}
        </button>
      </div>
    </form>
  );
}

/** Tasks in a table: what, about whom, when, for whom; complete or reopen, postpone or reassign (for a role that may change tasks). */
export function TaskList({
  tasks,
  showSubject = true,
  announce,
}: {
  tasks: readonly TaskItem[];
  showSubject?: boolean;
  /** Where "completed" and "saved" are said (a status region that outlives the list when its last task leaves it). */
  announce: (message: string) => void;
}) {
  const t = useT(taskMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const api = useApi();
  const invalidate = useTaskInvalidation();
  const nameOf = useAssigneeName();
  const [editing, setEditing] = useState<string | undefined>();
  const changeable = useCan().can('PATCH /v1/tasks/{id}');
  const toggle = useMutation({
    mutationFn: (task: TaskItem) =>
      api.send<TaskItem>('PATCH', `/v1/tasks/${encodeURIComponent(task.id)}`, { status: task.status === 'open' ? 'done' : 'open' }),
    onSuccess: async (saved) => {
      await invalidate();
      announce(t(saved.status === 'done' ? 'completed' : 'reopened', { title: saved.title }));
    },
  });
  const columns = (showSubject ? 4 : 3) + (changeable ? 1 : 0);
  return (
    <>
      {toggle.error ? (
        <div className="notice error" role="alert">
          <p>{c('errorSaving', { message: toggle.error.message })}</p>
        </div>
      ) : null}
      <table className="task-table">
        <thead>
          <tr>
            <th scope="col">{t('task')}</th>
            {showSubject ? <th scope="col">{t('about')}</th> : null}
            <th scope="col">{t('due')}</th>
            <th scope="col">{t('assignee')}</th>
            {changeable ? (
              <th scope="col">
                <span className="visually-hidden">{c('actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <Fragment key={task.id}>
              <tr className={task.overdue ? 'overdue' : undefined}>
                <td className="wrap">
                  {task.title}
                  {task.note ? <span className="muted task-note">{task.note}</span> : null}
                </td>
                {showSubject ? (
                  <td>
                    <Link to={`/${task.subject.kind === 'contact' ? 'contacts' : 'companies'}/${encodeURIComponent(task.subject.id)}`}>
                      {task.subject.name}
                    </Link>
                  </td>
                ) : null}
                <td>
                  <time dateTime={task.dueAt}>{format.dateTime(task.dueAt)}</time> {task.overdue ? <span className="badge failed">{t('overdue')}</span> : null}
                  {task.status === 'done' ? <span className="badge done">{t('done')}</span> : null}
                </td>
                <td>{nameOf(task)}</td>
                {changeable ? (
                  <td className="task-actions">
                    <button
                      type="button"
                      onClick={() => toggle.mutate(task)}
                      disabled={toggle.isPending}
                      aria-label={`${t(task.status === 'open' ? 'complete' : 'reopen')}: ${task.title}`}
                    >
                      {t(task.status === 'open' ? 'complete' : 'reopen')}
                    </button>
                    <button
                      type="button"
                      className="link"
                      aria-expanded={editing === task.id}
                      aria-controls={`change-${task.id}`}
                      aria-label={`${t(editing === task.id ? 'close' : 'change')}: ${task.title}`}
                      onClick={() => setEditing(editing === task.id ? undefined : task.id)}
                    >
                      {t(editing === task.id ? 'close' : 'change')}
                    </button>
                  </td>
                ) : null}
              </tr>
              {changeable && editing === task.id ? (
                <tr id={`change-${task.id}`}>
                  <td colSpan={columns}>
                    <ChangeTask
                      task={task}
                      onDone={(message) => {
                        setEditing(undefined);
                        if (message) announce(message);
                      }}
                    />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </>
  );
}
