import type { ResponseOf } from '#shared/http/response-schemas';
import { CustomFieldValuesCard } from '../fields/custom-field-values';

/** The 360° page's custom fields of the contact (view and edit). */
export function ContactCustomFields({ view }: { view: ResponseOf<'GET /v1/contacts/{id}'> }) {
  const { contact } = view;
  return (
    <CustomFieldValuesCard
      target="contact"
      path={`/v1/contacts/${encodeURIComponent(contact.id)}`}
      values={contact.fields}
      queryKey={['contact', contact.id]}
    />
  );
}
