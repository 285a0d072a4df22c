import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Address } from '#shared/domain/address';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, TextField } from '../../components/fields';
import { useT } from '../../i18n/locale';
import { contactDataMessages } from './contact-data-messages';
import './contact-data.css';

const EMPTY = { street: '', addressLine2: '', postalCode: '', city: '', country: 'DE' };

/** An address as an envelope shows it: street, line 2, postal code and city, country. */
export function AddressLines({ address }: { address: Address }) {
  return (
    <address className="address-lines">
      {address.street}
      <br />
      {address.addressLine2 ? (
        <>
          {address.addressLine2}
          <br />
        </>
      ) : null}
      {address.postalCode} {address.city}
      <br />
      {address.country}
    </address>
  );
}

/**
 * A postal address to view and edit: shown as lines with an edit button, or a form whose API problems
 * (`address.postalCode`, ...) show beside their fields. `save(null)` removes the address.
 */
export function AddressEditor({
  address,
  save,
  empty,
  readOnly = false,
}: {
  address: Address | undefined;
  save: (address: Address | null) => Promise<unknown>;
  empty: string;
  /** Shows the address without the edit and remove buttons (a role that may not change the record). */
  readOnly?: boolean;
}) {
  const t = useT(contactDataMessages);
  const c = useT(commonMessages);
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ ...EMPTY, ...address });
  const mutation = useMutation({
    mutationFn: (next: Address | null) => save(next),
    onSuccess: () => setEditing(false),
  });
  if (readOnly) return address ? <AddressLines address={address} /> : <p className="muted">{empty}</p>;
  if (!editing) {
    return (
      <div>
        {address ? <AddressLines address={address} /> : <p className="muted">{empty}</p>}
        <div className="form-actions">
          <button
            type="button"
            onClick={() => {
              setForm({ ...EMPTY, ...address });
              mutation.reset();
              setEditing(true);
            }}
          >
            {t('editAddress')}
          </button>
          {address ? (
            <button type="button" className="link danger" onClick={() => mutation.mutate(null)} disabled={mutation.isPending}>
              {t('removeAddress')}
            </button>
          ) : null}
          <span role="status">{mutation.isSuccess ? t('addressSaved') : ''}</span>
        </div>
      </div>
    );
  }
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  return (
    <form
      className="form-grid"
      noValidate
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        const { addressLine2, ...rest } = form;
        mutation.mutate({ ...rest, ...(addressLine2.trim() ? { addressLine2 } : {}) });
      }}
    >
      <FormProblem problem={mutation.error} fallback={c('fixFields')} />
      <TextField
        label={t('street')}
        value={form.street}
        onChange={set('street')}
        error={fieldError(mutation.error, 'address.street')}
        autoComplete="off"
        autoFocus
      />
      <TextField
        label={t('addressLine2')}
        value={form.addressLine2}
        onChange={set('addressLine2')}
        error={fieldError(mutation.error, 'address.addressLine2')}
        autoComplete="off"
      />
      <TextField
        label={t('postalCode')}
        value={form.postalCode}
        onChange={set('postalCode')}
        error={fieldError(mutation.error, 'address.postalCode')}
        autoComplete="off"
      />
      <TextField label={t('city')} value={form.city} onChange={set('city')} error={fieldError(mutation.error, 'address.city')} autoComplete="off" />
      <TextField
        label={t('country')}
        value={form.country}
        onChange={set('country')}
        error={fieldError(mutation.error, 'address.country')}
        autoComplete="off"
        maxLength={2}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {mutation.isPending ? c('saving') : t('saveAddress')}
        </button>
        <button type="button" onClick={() => setEditing(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
