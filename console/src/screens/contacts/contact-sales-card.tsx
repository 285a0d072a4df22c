import type { ResponseOf } from '#shared/http/response-schemas';
import { Card } from '../../components/page';
import { useT } from '../../i18n/locale';
import { OwnerPicker } from '../tasks/owner-picker';
import { TasksCard } from '../tasks/tasks-card';
import { taskMessages } from '../tasks/task-messages';
import { Allowed } from '../../roles/permissions';

type ContactView = ResponseOf<'GET /v1/contacts/{id}'>;

/** The 360° page's sales part: who owns the person (their own, or their company's) and their tasks. */
export function ContactSalesCards({ view }: { view: ContactView }) {
  const t = useT(taskMessages);
  const inherited = view.ownerInherited && view.owner ? { name: view.owner.name } : undefined;
  return (
    <>
      <Allowed route="PATCH /v1/contacts/{id}">
        <Card title={t('owner')} id="owner">
          <OwnerPicker path={`/v1/contacts/${encodeURIComponent(view.contact.id)}`} ownerId={view.contact.ownerId} inherited={inherited} />
        </Card>
      </Allowed>
      <TasksCard tasks={view.tasks} subject={{ contactId: view.contact.id }} />
    </>
  );
}
