import type { ResponseOf } from '#shared/http/response-schemas';
import { Card } from '../../components/page';
import { useT } from '../../i18n/locale';
import { OwnerPicker } from '../tasks/owner-picker';
import { TasksCard } from '../tasks/tasks-card';
import { taskMessages } from '../tasks/task-messages';
import { Allowed } from '../../roles/permissions';

/** The company page's sales part: the account's owner (its people without one show them) and its tasks. */
export function CompanySalesCards({ company }: { company: ResponseOf<'GET /v1/companies/{id}'> }) {
  const t = useT(taskMessages);
  return (
    <>
      <Allowed route="PATCH /v1/companies/{id}">
        <Card title={t('companyOwner')} id="owner">
          <OwnerPicker path={`/v1/companies/${encodeURIComponent(company.id)}`} ownerId={company.ownerId} label={t('companyOwner')} />
        </Card>
      </Allowed>
      <TasksCard tasks={company.tasks} subject={{ companyId: company.id }} />
    </>
  );
}
