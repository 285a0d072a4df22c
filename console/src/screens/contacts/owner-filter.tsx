import { SelectField } from '../../components/fields';
import { useT } from '../../i18n/locale';
import { taskMessages } from '../tasks/task-messages';
import { useUsers } from '../tasks/use-users';

/** The contact list's owner filter (`?ownerId=`): the people a user owns, and those of the companies they own. */
export function OwnerFilter({ value, onChange }: { value: string; onChange: (ownerId: string) => void }) {
  const t = useT(taskMessages);
  const users = useUsers();
  return (
    <SelectField label={t('ownerFilter')} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{t('allOwners')}</option>
      {(users.data?.items ?? []).map((user) => (
        <option key={user.id} value={user.id}>
          {user.name}
        </option>
      ))}
    </SelectField>
  );
}
