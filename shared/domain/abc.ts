/**
 * ABC classification of accounts (companies, and contacts without a company) by their trailing 12 months
 * of order revenue: A the top accounts making up the first share of revenue (default 80 %), B the next
 * (up to 95 %), C the rest; `none` for accounts without orders in the period.
 */
export const ABC_CLASSES = ['A', 'B', 'C', 'none'] as const;
export type AbcClass = (typeof ABC_CLASSES)[number];
