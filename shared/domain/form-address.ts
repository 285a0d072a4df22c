import type { Address } from './address';
import type { FieldIssue } from './errors';
import type { Form } from './form';
import { type FormAddressField, isAddressFormField } from './form-contact-data';
import { addressSchema, countryCode } from './postal-address';

/**
 * The address a submission brings in the address fields the form declares, validated like a PATCH of
 * `address` (the postal code for its country, the country as a code; "Deutschland" is read as DE; a
 * form without a country field means DE): undefined when no part is filled in, else the address or the
 * issues, each naming the submission's field (`postalCode`, `street`, …).
 */
export function submittedAddress(
  form: Pick<Form, 'fields'>,
  parts: Partial<Record<FormAddressField, string>>,
): { address: Address } | { issues: FieldIssue[] } | undefined {
  const declared = form.fields.map((field) => field.name).filter(isAddressFormField);
  const filled = declared.filter((name) => (parts[name] ?? '').trim() !== '');
  if (filled.length === 0 || filled.every((name) => name === 'country')) return undefined;
  const value = (name: FormAddressField) => (declared.includes(name) ? (parts[name] ?? '').trim() : '');
  const country = declared.includes('country') ? value('country') : 'DE';
  const parsed = addressSchema.safeParse({
    street: value('street'),
    ...(value('addressLine2') ? { addressLine2: value('addressLine2') } : {}),
    postalCode: value('postalCode'),
    city: value('city'),
    country: country ? countryCode(country) : '',
  });
  if (parsed.success) return { address: parsed.data };
  const issues = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'street');
    return { path: name, message: value(name as FormAddressField) === '' ? 'is required for the address' : issue.message };
  });
  return { issues };
}
