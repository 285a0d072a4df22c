import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useApi } from '../../api/api-context';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, SelectField } from '../../components/fields';
import { useT } from '../../i18n/locale';
import { useTaskInvalidation } from './task-list';
import { taskMessages } from './task-messages';
import { useUsers } from './use-users';

/**
 * The owner of a contact or a company: a select of the product's users (none clears it). A contact
 * without one of their own shows the company's, "inherited from the company".
 */
export function OwnerPicker({
  path,
  ownerId,
  inherited,
  label,
}: {
  /** `/v1/contacts/<id>` or `/v1/companies/<id>`. */
  path: string;
  ownerId: string | undefined;
  inherited?: { name: string } | undefined;
  label?: string;
}) {
  const t = useT(taskMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const users = useUsers();
  const invalidate = useTaskInvalidation();
  const [choice, setChoice] = useState(ownerId ?? '');
  // The record read again after a save (or changed elsewhere) shows its owner.
  useEffect(() => setChoice(ownerId ?? ''), [ownerId]);
  const save = useMutation({
    mutationFn: () => api.send('PATCH', path, { ownerId: choice === '' ? null : choice }),
    onSuccess: () => invalidate(),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} className="owner-picker" noValidate aria-label={label ?? t('owner')}>
      <FormProblem problem={save.error} fallback={c('fixFields')} />
      <SelectField
        label={label ?? t('owner')}
        value={choice}
        onChange={(event) => setChoice(event.target.value)}
        error={fieldError(save.error, 'ownerId')}
        hint={!ownerId && inherited ? t('inherited', { name: inherited.name }) : undefined}
      >
        <option value="">{t('noOwner')}</option>
        {(users.data?.items ?? []).map((user) => (
          <option key={user.id} value={user.id}>
            {user.name}
            {user.team ? ` (${user.team})` : ''}
          </option>
        ))}
      </SelectField>
      <div className="form-actions">
        <button type="submit" disabled={save.isPending || choice === (ownerId ?? '')}>
          {save.isPending ? c('saving') : t('saveOwner')}
        </button>
        <span role="status">{save.isSuccess ? t('ownerSaved') : ''}</span>
      </div>
    </form>
  );
}
