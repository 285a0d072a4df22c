import { Link } from 'react-router';
import type { ResponseOf } from '#shared/http/response-schemas';

/** A contact as every contact list answers it. */
export type ListedContact = ResponseOf<'GET /v1/contacts'>['items'][number];
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { AbcBadge } from '../companies/abc-badge';
import { abcMessages } from '../companies/abc-messages';
import { contactMessages, displayName } from './contact-messages';

/** People as a table: name (to the 360° page), email, company (to its page), consents, source, added. */
export function ContactTable({ contacts }: { contacts: ListedContact[] }) {
  const t = useT(contactMessages);
  const abc = useT(abcMessages);
  const format = useFormat();
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('person')}</th>
          <th scope="col">{t('email')}</th>
          <th scope="col">{t('company')}</th>
          <th scope="col">{abc('column')}</th>
          <th scope="col">{t('consents')}</th>
          <th scope="col">{t('tags')}</th>
          <th scope="col">{t('source')}</th>
          <th scope="col">{t('createdAt')}</th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((contact) => (
          <tr key={contact.id}>
            <td>
              <Link to={`/contacts/${encodeURIComponent(contact.id)}`}>{displayName(contact, t('unnamed'))}</Link>
            </td>
            <td>{contact.email}</td>
            <td>{contact.companyId ? <Link to={`/companies/${encodeURIComponent(contact.companyId)}`}>{contact.company}</Link> : (contact.company ?? '')}</td>
            <td>
              <AbcBadge abc={contact.abc} />
            </td>
            <td>
              {Object.entries(contact.consents ?? {}).map(([topic, state]) => (
                <span key={topic} className={`badge ${state.status}`} title={t(`status_${state.status}`)}>
                  {topic}: {t(`status_${state.status}`)}
                </span>
              ))}
            </td>
            <td>
              {contact.tags.map((tag) => (
                <Link key={tag} to={`/contacts?tag=${encodeURIComponent(tag)}`} className="badge tag" aria-label={t('tagLink', { tag })}>
                  {tag}
                </Link>
              ))}
            </td>
            <td>{contact.source}</td>
            <td>{format.date(contact.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
