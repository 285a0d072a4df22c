import * as z from '#shared/zod';
import { isoTime } from './common-responses';

/**
 * An audit trail entry: who (user id, roles), what (route, action, entity ids, the names of the body's
 * top-level fields — never values), from where, when and the outcome with its HTTP status. An erasure's
 * entry names the erased address only by its keyed hash.
 *
 * @example { "at": "2026-05-04T09:30:00.000Z", "actor": "u-anna", "role": "admin", "action": "contact.updated", "route": "PATCH /v1/contacts/{id}", "entityIds": ["c-42"], "fields": ["phone"], "ip": "203.0.113.7", "userAgent": "Mozilla/5.0", "outcome": "succeeded", "status": 200 }
 */
export const auditEntryResponse = z.object({
  at: isoTime,
  actor: z.string(),
  /** The caller's roles, space-separated; empty for a caller without a role. */
  role: z.string(),
  action: z.string(),
  route: z.string(),
  entityIds: z.array(z.string()),
  fields: z.array(z.string()).optional(),
  ip: z.string().optional(),
  userAgent: z.string().optional(),
  outcome: z.enum(['succeeded', 'failed']),
  status: z.number().int(),
  emailHash: z.string().optional(),
});
