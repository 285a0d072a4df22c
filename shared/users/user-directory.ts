import type { User } from '#shared/domain/user';

/** The product's users (owners, assignees, digest recipients): Cognito in AWS, a configured list locally. */
export interface UserDirectory {
  list(): Promise<User[]>;
  get(id: string): Promise<User | undefined>;
}

/** A directory read once and then kept for `ttlMs` per container (users change rarely; a new one shows within that). */
export function cachedDirectory(load: () => Promise<User[]>, ttlMs = 60_000, now: () => number = Date.now): UserDirectory {
  let cached: { users: User[]; expires: number } | undefined;
  const list = async () => {
    if (cached && cached.expires > now()) return cached.users;
    const users = [...(await load())].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    cached = { users, expires: now() + ttlMs };
    return users;
  };
  return {
    list,
    get: async (id) => (await list()).find((user) => user.id === id),
  };
}
