import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Contact } from '#shared/domain/contact';
import { useApi } from '../../api/api-context';
import { TextField } from '../../components/fields';
import { useT } from '../../i18n/locale';
import { templateMessages } from './template-messages';

export type ContactChoice = Pick<Contact, 'id' | 'email' | 'firstName' | 'lastName' | 'company'>;

export function contactName(contact: ContactChoice): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return name ? `${name} <${contact.email}>` : contact.email;
}

/**
 * Finds a contact by name or company (GET /v1/contacts?q=, after a short pause in typing) to render
 * the preview and the test mail for; "Use the sample person" goes back to the API's sample.
 */
export function ContactPicker({ chosen, onChoose }: { chosen: ContactChoice | undefined; onChoose: (contact: ContactChoice | undefined) => void }) {
  const t = useT(templateMessages);
  const api = useApi();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useQuery({
    queryKey: ['/v1/contacts', { q }],
    queryFn: () => api.get<{ items: ContactChoice[] }>('/v1/contacts', { q, limit: 8 }),
    enabled: q.length >= 2,
  });
  const items = found.data?.items ?? [];
  return (
    <div className="contact-picker">
      <TextField
        label={t('findContact')}
        hint={t('findContactHint')}
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        error={found.error?.message}
      />
      <div role="status" className="visually-hidden">
        {q.length >= 2 && found.isSuccess ? (items.length === 0 ? t('noContactsFound', { q }) : t('contactsFound', { count: items.length })) : ''}
      </div>
      {q.length >= 2 && found.isSuccess && items.length === 0 ? <p className="muted">{t('noContactsFound', { q })}</p> : null}
      {items.length > 0 ? (
        <ul className="contact-results">
          {items.map((contact) => (
            <li key={contact.id}>
              <button type="button" aria-pressed={chosen?.id === contact.id} onClick={() => onChoose(contact)}>
                {t('useContact', { name: contactName(contact) })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {chosen ? (
        <button type="button" className="link" onClick={() => onChoose(undefined)}>
          {t('useSample')}
        </button>
      ) : null}
    </div>
  );
}
