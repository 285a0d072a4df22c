import type { ChangeEvent } from 'react';
import { SelectField } from '../../components/fields';
import { useT } from '../../i18n/locale';
import { taskMessages } from './task-messages';
import { teamsOf, useUsers } from './use-users';

/** `user:<id>` or `team:<name>`; empty for "me" (the API's default). */
export type AssigneeChoice = string;

export const assigneeBody = (choice: AssigneeChoice): { assigneeId: string } | { team: string } | Record<string, never> =>
  choice.startsWith('user:') ? { assigneeId: choice.slice(5) } : choice.startsWith('team:') ? { team: choice.slice(5) } : {};

export const assigneeChoiceOf = (task: { assigneeId?: string; team?: string }): AssigneeChoice =>
  task.assigneeId ? `user:${task.assigneeId}` : task.team ? `team:${task.team}` : '';

/** A select of the product's users and teams (a native select: arrow keys, type-ahead). */
export function AssigneePicker({
  label,
  value,
  onChange,
  error,
  withMe = false,
}: {
  label: string;
  value: AssigneeChoice;
  onChange: (choice: AssigneeChoice) => void;
  error?: string | undefined;
  withMe?: boolean;
}) {
  const t = useT(taskMessages);
  const users = useUsers();
  const list = users.data?.items ?? [];
  return (
    <SelectField label={label} value={value} onChange={(event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value)} error={error}>
      {withMe ? <option value="">{t('me')}</option> : null}
      <optgroup label={t('users')}>
        {list.map((user) => (
          <option key={user.id} value={`user:${user.id}`}>
            {user.name}
          </option>
        ))}
      </optgroup>
      <optgroup label={t('teams')}>
        {teamsOf(list).map((team) => (
          <option key={team} value={`team:${team}`}>
            {t('teamName', { team })}
          </option>
        ))}
      </optgroup>
    </SelectField>
  );
}

/** Who a task is for, as a person reads it. */
export function useAssigneeName() {
  const t = useT(taskMessages);
  const users = useUsers();
  return (task: { assigneeId?: string; team?: string }) =>
    task.assigneeId ? (users.data?.items.find((user) => user.id === task.assigneeId)?.name ?? task.assigneeId) : t('teamName', { team: task.team ?? '' });
}
