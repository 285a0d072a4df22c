import type { User } from '../../shared/domain/user';

/**
 * The local stack's users (Cognito's in AWS), passed to the handlers as `USERS_JSON`; set `USERS_JSON`
 * yourself to use others. `local-admin`, `local-marketer`, `local-analyst` and `sales-anna` are the `sub`s the
 * local gateway's tokens of their roles carry (infra/local/role-tokens.ts); the others are sales people in two teams. Fake names, example.com addresses.
 */
export const LOCAL_USERS: readonly User[] = [
  {
    id: 'local-admin',
    name: 'Lokale Administratorin',
    email: 'admin@example.com',
    team: 'sales-north',
    roles: ['admin'],
    timeZone: 'Europe/Berlin',
    locale: 'de',
  },
  {
    id: 'local-marketer',
    name: 'Lokaler Marketer',
    email: 'marketing@example.com',
    roles: ['marketer'],
    timeZone: 'Europe/Berlin',
    locale: 'de',
  },
  {
    id: 'local-analyst',
    name: 'Lokale Analystin',
    email: 'analyst@example.com',
    roles: ['analyst'],
    timeZone: 'Europe/Berlin',
    locale: 'en',
  },
  {
    id: 'sales-anna',
    name: 'Anna Vertrieb',
    email: 'anna.vertrieb@example.com',
    team: 'sales-north',
    roles: ['sales'],
    timeZone: 'Europe/Berlin',
    locale: 'de',
  },
  { id: 'sales-ben', name: 'Ben Nord', email: 'ben.nord@example.com', team: 'sales-north', roles: ['sales'], timeZone: 'Europe/Berlin', locale: 'en' },
  { id: 'sales-carla', name: 'Carla West', email: 'carla.west@example.com', team: 'sales-west', roles: ['sales'], timeZone: 'America/New_York', locale: 'en' },
];
