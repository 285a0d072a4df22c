import type { ResponseOf } from '#shared/http/response-schemas';
import { CustomFieldValuesCard } from '../fields/custom-field-values';

/** The company page's custom fields (view and edit). */
export function CompanyCustomFields({ company }: { company: ResponseOf<'GET /v1/companies/{id}'> }) {
  return (
    <CustomFieldValuesCard
      target="company"
      path={`/v1/companies/${encodeURIComponent(company.id)}`}
      values={company.fields}
      queryKey={['company', company.id]}
    />
  );
}
