import { ROLES, type User } from '#shared/domain/user';
import * as z from '#shared/zod';

/** One user of a configured list (the local stack's `USERS_JSON`). */
export const configuredUserSchema = z.strictObject({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  email: z.email(),
  team: z.string().min(1).max(100).optional(),
  roles: z.array(z.enum(ROLES)).default([]),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').default('Europe/Berlin'),
  locale: z.enum(['de', 'en']).optional(),
});

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch (error) {
    return !(error instanceof RangeError);
  }
}

/** The users of a JSON list (an array of {@link configuredUserSchema}); a bad entry fails at cold start, naming it. */
export function parseConfiguredUsers(json: string): User[] {
  const parsed = z.array(configuredUserSchema).safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new Error(`USERS_JSON is not a list of users: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
  return parsed.data.map((user) => ({ ...user }) as User);
}
