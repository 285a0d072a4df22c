import type { AbcClass } from './abc';

/**
 * ABC classification (a Pareto analysis) of accounts by their trailing 12 months of order revenue.
 *
 * - **Accounts**: a company (its revenue is the sum of its people's), or a contact without a company.
 * - **Period**: the calendar month of the run and the 11 before it, in UTC (orders are kept per month,
 *   `orders.byMonth`, so the period is whole months).
 * - **Boundary**: accounts are ranked by revenue, highest first; an account is A while the revenue of the
 *   accounts ranked before it is below `a` of the total, so the account that crosses 80 % is A; B likewise
 *   up to `b`; C the rest. A single account with all the revenue is A.
 * - **Ties**: accounts with the same revenue get the same class, the one the first of them gets (equal
 *   accounts are never split by the order they happen to be read in).
 * - **Currencies**: there are no FX rates in the product, so each currency is classified on its own (the
 *   accounts with revenue in EUR among themselves, those in CHF among themselves). An account with revenue in
 *   more than one currency (its people order in different ones) keeps its best class.
 * - **none**: accounts without revenue (no orders in the period, or a total of 0 or less).
 */

export interface AbcThresholds {
  /** Share of revenue the A accounts make up (0 < a < b). */
  a: number;
  /** Share of revenue A and B accounts make up together (a < b ≤ 1). */
  b: number;
}

export const DEFAULT_ABC_THRESHOLDS: AbcThresholds = { a: 0.8, b: 0.95 };

/** The months (`2026-12`) of the 12-month period ending with the month `now` is in, oldest first (UTC). */
export function abcPeriodMonths(now: Date): string[] {
  return Array.from({ length: 12 }, (_, index) => {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + index, 1));
    return `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** A contact's revenue in the period (minor units of `currency`), from its monthly order totals. */
export function periodRevenue(byMonth: Record<string, number> | undefined, months: readonly string[]): number {
  if (!byMonth) return 0;
  let sum = 0;
  for (const month of months) sum += byMonth[month] ?? 0;
  return sum;
}

/** One account's revenue in one currency. */
export interface AccountRevenue {
  account: string;
  currency: string;
  revenueMinor: number;
}

export interface ClassTotals {
  accounts: number;
  revenueMinor: number;
}

export interface CurrencyClasses {
  currency: string;
  classes: Record<'A' | 'B' | 'C', ClassTotals>;
}

export interface AbcResult {
  /** Class of every account with revenue; an account not in here is `none`. */
  classOf: Map<string, Exclude<AbcClass, 'none'>>;
  /** Accounts and revenue per class, per currency (by currency code). */
  currencies: CurrencyClasses[];
}

const RANK: Record<Exclude<AbcClass, 'none'>, number> = { A: 0, B: 1, C: 2 };

/**
 * Classifies accounts by revenue (see the module comment for the rules). Several entries for one account
 * and currency add up. Pure and deterministic: the same revenue gives the same classes in any order.
 */
export function classifyAccounts(revenues: Iterable<AccountRevenue>, thresholds: AbcThresholds): AbcResult {
  const byCurrency = new Map<string, Map<string, number>>();
  for (const { account, currency, revenueMinor } of revenues) {
    let accounts = byCurrency.get(currency);
    if (!accounts) {
      accounts = new Map();
      byCurrency.set(currency, accounts);
    }
    accounts.set(account, (accounts.get(account) ?? 0) + revenueMinor);
  }
  const classOf = new Map<string, Exclude<AbcClass, 'none'>>();
  const currencies: CurrencyClasses[] = [];
  for (const currency of [...byCurrency.keys()].sort()) {
    const ranked = [...(byCurrency.get(currency) ?? new Map<string, number>())].filter(([, revenue]) => revenue > 0).sort((x, y) => y[1] - x[1]);
    const total = ranked.reduce((sum, [, revenue]) => sum + revenue, 0);
    const classes: CurrencyClasses['classes'] = {
      A: { accounts: 0, revenueMinor: 0 },
      B: { accounts: 0, revenueMinor: 0 },
      C: { accounts: 0, revenueMinor: 0 },
    };
    let before = 0;
    let tieRevenue = Number.NaN;
    let tieClass: Exclude<AbcClass, 'none'> = 'A';
    for (const [account, revenue] of ranked) {
      if (revenue !== tieRevenue) {
        const share = before / total;
        tieClass = share < thresholds.a ? 'A' : share < thresholds.b ? 'B' : 'C';
        tieRevenue = revenue;
      }
      before += revenue;
      classes[tieClass].accounts += 1;
      classes[tieClass].revenueMinor += revenue;
      const earlier = classOf.get(account);
      if (!earlier || RANK[tieClass] < RANK[earlier]) classOf.set(account, tieClass);
    }
    currencies.push({ currency, classes });
  }
  return { classOf, currencies };
}
