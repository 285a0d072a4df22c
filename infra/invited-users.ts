import { ROLES, type Role } from '../shared/domain/user';

/** A user the stack invites into the pool (Cognito mails the temporary password) and into the groups of their roles. */
export interface InvitedUser {
  email: string;
  roles: Role[];
}

const EMAIL = /^[^\s@:,]+@[^\s@:,]+\.[^\s@:,]+$/;

/**
 * The stack's `users` parameter, `anna@example.de:admin,ben@example.de:sales` (a user with two roles
 * is named twice, `carla@example.de:marketer,carla@example.de:analyst`), and the older `adminEmails`
 * (`a@example.de,b@example.de`, each an admin), merged into one user per address (compared without case, spelled as first named: the username of
 * a user invited before stays the same).
 * A malformed entry or an unknown role stops the synth with a message naming it, not a half-invited pool.
 */
export function invitedUsers(users: string | undefined, adminEmails: string | undefined): InvitedUser[] {
  const byEmail = new Map<string, { email: string; roles: Set<Role> }>();
  const add = (email: string, role: Role) => {
    const user = byEmail.get(email.toLowerCase()) ?? { email, roles: new Set<Role>() };
    user.roles.add(role);
    byEmail.set(email.toLowerCase(), user);
  };
  for (const entry of split(adminEmails)) {
    if (!EMAIL.test(entry)) throw new Error(`adminEmails: "${entry}" is not an e-mail address`);
    add(entry, 'admin');
  }
  for (const entry of split(users)) {
    const at = entry.lastIndexOf(':');
    const email = at < 0 ? '' : entry.slice(0, at).trim();
    const role = at < 0 ? '' : entry.slice(at + 1).trim();
    if (!EMAIL.test(email)) throw new Error(`users: "${entry}" is not <email>:<role> (e.g. anna@example.de:admin)`);
    if (!isRole(role)) throw new Error(`users: "${entry}" names the role "${role}"; roles are ${ROLES.join(', ')}`);
    add(email, role);
  }
  return [...byEmail.values()].map(({ email, roles }) => ({ email, roles: ROLES.filter((role) => roles.has(role)) }));
}

function split(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
