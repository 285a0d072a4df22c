import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { CheckboxField } from '../../components/fields';
import { LoadMore } from '../../components/load-more';
import { Card, EmptyState, Page } from '../../components/page';
import { useT } from '../../i18n/locale';
import { AddTaskForm } from './add-task-form';
import { TaskList } from './task-list';
import { taskMessages } from './task-messages';
import { type Me, type TaskItem, useMe } from './use-users';
import { Allowed } from '../../roles/permissions';

type Whose = 'both' | 'mine' | 'team';

function DigestSwitch({ me }: { me: Me }) {
  const t = useT(taskMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (digest: boolean) => api.send<Me>('PATCH', '/v1/users/me', { digest }),
    onSuccess: (saved) => queryClient.setQueryData(['/v1/users/me'], saved),
  });
  return (
    <div>
      <CheckboxField
        label={t('digest')}
        hint={t('digestHint')}
        checked={me.digest}
        disabled={change.isPending}
        onChange={(event) => change.mutate(event.target.checked)}
      />
      <p role="status" className="muted">
        {change.isSuccess ? t('digestSaved') : change.isError ? c('errorSaving', { message: change.error.message }) : ''}
      </p>
    </div>
  );
}

/** "My tasks": the signed-in user's open tasks and their team's, overdue first; filters open/done and mine/team. */
export default function TasksScreen({ start = false }: { start?: boolean }) {
  const t = useT(taskMessages);
  const c = useT(commonMessages);
  const me = useMe();
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const [whose, setWhose] = useState<Whose>('both');
  const [said, announce] = useState('');
  const team = me.data?.team;
  const query = {
    status,
    ...(whose === 'mine' && me.data ? { assigneeId: me.data.id } : {}),
    ...(whose === 'team' && team ? { team } : {}),
  };
  const list = usePaged<TaskItem>('/v1/tasks', query, { enabled: me.isSuccess });
  const radio = <V extends string>(name: string, value: V, current: V, set: (value: V) => void, label: string, disabled = false) => (
    <label>
      <input type="radio" name={name} value={value} checked={current === value} onChange={() => set(value)} disabled={disabled} /> {label}
    </label>
  );
  return (
    <Page title={start ? t('myTitle') : t('title')} description={t('description')}>
      <Card>
        <div className="task-filters">
          <fieldset>
            <legend>{t('filterStatus')}</legend>
            {radio('status', 'open', status, setStatus, t('open'))}
            {radio('status', 'done', status, setStatus, t('done'))}
          </fieldset>
          <fieldset>
            <legend>{t('filterWhose')}</legend>
            {radio<Whose>('whose', 'both', whose, setWhose, t('mineAndTeam'))}
            {radio<Whose>('whose', 'mine', whose, setWhose, t('mine'))}
            {radio<Whose>('whose', 'team', whose, setWhose, t('team'), !team)}
          </fieldset>
          {me.data ? <DigestSwitch me={me.data} /> : null}
        </div>
      </Card>
      <Card title={status === 'open' ? t('open') : t('done')} id="task-list">
        <p role="status" className="task-status">
          {said}
        </p>
        <div aria-live="polite" aria-busy={list.isFetching}>
          {list.isPending || me.isPending ? (
            <p role="status">{c('loading')}</p>
          ) : list.isError ? (
            <div className="notice error" role="alert">
              <p>{c('errorLoading', { message: list.error.message })}</p>
            </div>
          ) : list.items.length === 0 ? (
            status === 'open' ? (
              <EmptyState title={t('emptyOpen')}>{t('emptyOpenText')}</EmptyState>
            ) : (
              <EmptyState title={t('emptyDone')}>{t('emptyDoneText')}</EmptyState>
            )
          ) : (
            <TaskList tasks={list.items} announce={announce} />
          )}
        </div>
        <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
      </Card>
      <Allowed route="POST /v1/tasks">
        <Card title={t('add')} id="add-task">
          <AddTaskForm />
        </Card>
      </Allowed>
    </Page>
  );
}
