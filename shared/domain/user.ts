/** The roles of the product's users (API.md, "Roles and audit"); issue 17 enforces them per route. */
export const ROLES = ['admin', 'marketer', 'analyst', 'sales'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A user of the product (a person of the customer's own company, not a contact): Cognito's users in AWS,
 * a small configured list locally. Owners of contacts and companies, assignees of tasks.
 */
export interface User {
  id: string;
  name: string;
  email: string;
  /** A department such as `sales-north`; tasks may be assigned to a team, qualified leads go round robin within one. */
  team?: string;
  roles: Role[];
  /** IANA time zone (`Europe/Berlin`): the morning task digest goes out in the user's morning. */
  timeZone: string;
  locale?: 'de' | 'en';
}
