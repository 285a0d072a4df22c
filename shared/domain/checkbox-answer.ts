const TICKED = new Set(['on', 'true', '1', 'yes', 'ja', 'x']);
const UNTICKED = new Set(['off', 'false', '0', 'no', 'nein']);

/**
 * A yes/no as a form's checkbox or a typed cell sends it: `on` (a browser), `true`/`false`, `1`/`0`,
 * `yes`/`no`, `ja`/`nein`, `x`, in any case and with spaces around. Undefined when it is neither.
 */
export function checkboxAnswer(value: string): boolean | undefined {
  const folded = value.trim().toLowerCase();
  if (TICKED.has(folded)) return true;
  if (UNTICKED.has(folded)) return false;
  return undefined;
}
