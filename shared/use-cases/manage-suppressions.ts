import * as z from '#shared/zod';
import { normaliseEmail } from '#shared/domain/email';
import { NotFoundError } from '#shared/domain/errors';
import type { Clock } from './ports';
import type { Page } from '#shared/domain/page';
import type { Suppression } from '#shared/domain/suppression';
import type { SuppressionList } from './mailing-ports';

/** @example { "email": "old-address@example.com", "reason": "manual" } */
export const createSuppressionSchema = z.strictObject({
  email: z.email({ message: 'must be an email address' }).max(320),
  reason: z.enum(['bounce', 'complaint', 'manual']).default('manual'),
});

export interface SuppressionPorts {
  suppressions: SuppressionList;
  clock: Clock;
}

/** Adds an address to the suppression list (no mailing reaches it); adding it again keeps the first entry. */
export async function addSuppression(
  ports: SuppressionPorts,
  input: z.infer<typeof createSuppressionSchema>,
): Promise<{ suppression: Suppression; created: boolean }> {
  const suppression: Suppression = {
    email: input.email.trim(),
    emailNormalised: normaliseEmail(input.email),
    reason: input.reason,
    at: ports.clock.now().toISOString(),
    source: 'admin',
  };
  return { suppression, created: await ports.suppressions.add(suppression) };
}

export function listSuppressions(ports: SuppressionPorts, limit: number, cursor?: string): Promise<Page<Suppression>> {
  return ports.suppressions.list(limit, cursor);
}

export async function removeSuppression(ports: SuppressionPorts, email: string): Promise<void> {
  if (!(await ports.suppressions.remove(normaliseEmail(email)))) throw new NotFoundError('Suppression', email);
}
