import { useState } from 'react';
import { useT } from '../../i18n/locale';
import { Card } from '../../components/page';
import { AddTaskForm } from './add-task-form';
import { TaskList } from './task-list';
import { taskMessages } from './task-messages';
import type { TaskItem } from './use-users';
import { Allowed } from '../../roles/permissions';

/** The tasks of a contact or a company (as its page read them), and a form to add one. */
export function TasksCard({ tasks, subject }: { tasks: readonly TaskItem[] | undefined; subject: { contactId: string } | { companyId: string } }) {
  const t = useT(taskMessages);
  const list = tasks ?? [];
  const [said, announce] = useState('');
  return (
    <Card title={t('cardTitle')} id="tasks">
      <p role="status" className="task-status">
        {said}
      </p>
      {list.length === 0 ? <p className="muted">{t('cardEmpty')}</p> : <TaskList tasks={list} showSubject={false} announce={announce} />}
      <Allowed route="POST /v1/tasks">
        <h3>{t('add')}</h3>
        <AddTaskForm subject={subject} />
      </Allowed>
    </Card>
  );
}
