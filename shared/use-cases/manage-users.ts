import type { User } from '#shared/domain/user';
import { ValidationError } from '#shared/domain/errors';
import type { Clock } from './ports';
import type { Users, UserSettings } from './sales-ports';

/** A user as `GET /v1/users` lists them. */
export type ListedUser = Pick<User, 'id' | 'name' | 'email' | 'team' | 'roles' | 'timeZone' | 'locale'>;

const listed = (user: User): ListedUser => ({
  id: user.id,
  name: user.name,
  email: user.email,
  ...(user.team ? { team: user.team } : {}),
  roles: user.roles,
  timeZone: user.timeZone,
  ...(user.locale ? { locale: user.locale } : {}),
});

export async function listUsers(ports: { users: Users }): Promise<{ items: ListedUser[] }> {
  return { items: (await ports.users.list()).map(listed) };
}

/**
 * The caller (the token's `sub`) with their digest preference. A caller the directory does not know (a
 * machine client) is shown by id, without roles.
 */
export async function currentUser(
  ports: { users: Users; settings: Pick<UserSettings, 'digestEnabled'> },
  callerId: string,
): Promise<ListedUser & { digest: boolean }> {
  const [user, digest] = await Promise.all([ports.users.get(callerId), ports.settings.digestEnabled(callerId)]);
  return { ...(user ? listed(user) : { id: callerId, name: callerId, email: '', roles: [], timeZone: 'Europe/Berlin' }), digest };
}

/** Turns the caller's morning digest on or off. */
export async function changeCurrentUser(
  ports: { users: Users; settings: UserSettings; clock: Clock },
  callerId: string,
  change: { digest: boolean },
): Promise<ListedUser & { digest: boolean }> {
  await ports.settings.setDigest(callerId, change.digest, ports.clock.now());
  return currentUser(ports, callerId);
}

/** The user `id` names, or a 400 naming `field` (an owner or assignee must be a user of the product). */
export async function knownUser(users: Users, id: string, field: string): Promise<User> {
  const user = await users.get(id);
  if (!user) throw new ValidationError(`${field}: ${id} is not a user`, [{ path: field, message: 'is not a user of the product (GET /v1/users lists them)' }]);
  return user;
}

/** A team some user belongs to, or a 400 naming `field`. */
export async function knownTeam(users: Users, team: string, field: string): Promise<string> {
  if (!(await users.list()).some((user) => user.team === team))
    throw new ValidationError(`${field}: ${team} is not a team`, [{ path: field, message: 'is not the team of any user (GET /v1/users lists them)' }]);
  return team;
}
