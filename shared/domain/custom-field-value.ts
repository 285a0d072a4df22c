/**
 * The value of one custom field ("particulars") on a contact or a company, keyed by the field's key:
 * `text`, `select` and `date` (YYYY-MM-DD) as strings, `number` as a number, `boolean` as a boolean.
 */
export type CustomFieldValue = string | number | boolean;
export type CustomFieldValues = Record<string, CustomFieldValue>;
