/** What sales can log about a person. No schema library here: the console imports this list at run time. */
export const ACTIVITY_TYPES = ['call', 'meeting', 'note', 'visit', 'email'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
