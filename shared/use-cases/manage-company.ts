import { applyCustomFields } from '#shared/domain/custom-field';
import type { Company } from '#shared/domain/company';
import type { CompanyPatch } from '#shared/domain/company-patch';
import { NotFoundError } from '#shared/domain/errors';
import { checkCustomFields } from './check-custom-fields';
import type { CustomFieldDefinitions } from './custom-field-ports';
import { ConcurrentWriteError } from './port-errors';
import type { Clock } from './ports';

/** A company as changes see it: `updatedAt` is what a change is conditioned on (absent before the first). */
export type EditableCompany = Company & { updatedAt?: string };

export interface EditableCompanies {
  get(id: string): Promise<EditableCompany | undefined>;
  /** Writes `next` if the company is still as `previous` was read; ConcurrentWriteError otherwise. */
  update(previous: EditableCompany, next: EditableCompany): Promise<void>;
}

const MAX_ATTEMPTS = 5;

/** Changes a company (its custom field values; `null` or `""` clears one), retried when another change came in between. */
export async function patchCompany(
  ports: { companies: EditableCompanies; fields: CustomFieldDefinitions; clock: Clock },
  id: string,
  patch: CompanyPatch,
): Promise<EditableCompany> {
  if (patch.fields) await checkCustomFields(ports.fields, patch.fields, 'company');
  for (let attempt = 1; ; attempt += 1) {
    const current = await ports.companies.get(id);
    if (!current) throw new NotFoundError('Company', id);
    const { fields: _fields, ...rest } = current;
    const values = patch.fields ? applyCustomFields(current.fields, patch.fields) : current.fields;
    const next: EditableCompany = { ...rest, ...(values ? { fields: values } : {}), updatedAt: ports.clock.now().toISOString() };
    try {
      await ports.companies.update(current, next);
      return next;
    } catch (error) {
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
