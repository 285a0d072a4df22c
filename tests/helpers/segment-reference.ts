import type { RuleNode, SegmentFacts, TimeValue } from '#shared/domain/segment-rule';

/**
 * The reference evaluator the compiled one is checked against: a plain, slow, obviously-correct
 * reading of API.md's rule semantics, interpreting the JSON per contact and parsing every time.
 */
export function referenceMatches(rule: RuleNode, facts: SegmentFacts, now: Date): boolean {
  if ('all' in rule) return rule.all.every((child) => referenceMatches(child, facts, now));
  if ('any' in rule) return rule.any.some((child) => referenceMatches(child, facts, now));
  if ('not' in rule) return !referenceMatches(rule.not, facts, now);
  const { field, op, value } = rule;
  const lower = (text: string) => text.toLowerCase();

  if (field.startsWith('consent.')) {
    const status = facts.consents?.[field.slice('consent.'.length)]?.status;
    if (op === 'exists') return status !== undefined;
    if (op === 'eq') return status === value;
    if (op === 'neq') return status !== value;
    return status !== undefined && (value as string[]).includes(status);
  }

  const timeFields: Record<string, string | undefined> = {
    'orders.firstAt': facts.orders?.firstAt,
    'orders.lastAt': facts.orders?.lastAt,
    'activity.lastAt': facts.activity?.lastAt,
    createdAt: facts.createdAt,
  };
  if (field in timeFields) {
    const stored = timeFields[field];
    if (op === 'exists') return stored !== undefined;
    if (stored === undefined) return false;
    const time = value as TimeValue;
    const cutoff = typeof time === 'string' ? Date.parse(time) : now.getTime() - time.daysAgo * 24 * 60 * 60 * 1000;
    return op === 'before' ? Date.parse(stored) < cutoff : Date.parse(stored) > cutoff;
  }

  const numbers: Record<string, number | undefined> = {
    'orders.count': facts.orders?.count ?? 0,
    'orders.totalMinor': facts.orders?.totalMinor ?? 0,
    'orders.lastQuarterMinor': lastQuarterTotal(facts, now),
    score: facts.score,
  };
  if (field in numbers) {
    const n = numbers[field];
    switch (op) {
      case 'exists':
        return n !== undefined;
      case 'eq':
        return n === value;
      case 'neq':
        return n !== value;
      case 'in':
        return n !== undefined && (value as number[]).includes(n);
      case 'gt':
        return n !== undefined && n > (value as number);
      case 'gte':
        return n !== undefined && n >= (value as number);
      case 'lt':
        return n !== undefined && n < (value as number);
      default:
        return n !== undefined && n <= (value as number);
    }
  }

  let texts: string[];
  if (field === 'tags') texts = facts.tags ?? [];
  else if (field.endsWith('.campaign')) {
    const touch = field.startsWith('first') ? facts.firstTouch : facts.lastTouch;
    texts = [touch?.campaignCode, touch?.campaignId].filter((text): text is string => typeof text === 'string');
  } else if (field.includes('Touch.')) {
    const touch = field.startsWith('first') ? facts.firstTouch : facts.lastTouch;
    const part = field.endsWith('source') ? touch?.source : touch?.medium;
    texts = typeof part === 'string' ? [part] : [];
  } else {
    const single = { email: facts.emailNormalised, company: facts.company, source: facts.source, locale: facts.locale, country: facts.country }[field];
    texts = single ? [single] : [];
  }
  const folded = texts.map(lower);
  if (op === 'exists') return folded.length > 0;
  if (op === 'in') return (value as string[]).some((wanted) => folded.includes(lower(wanted)));
  if (op === 'eq') return folded.includes(lower(value as string));
  if (op === 'neq') return !folded.includes(lower(value as string));
  return field === 'tags' ? folded.includes(lower(value as string)) : folded.some((text) => text.includes(lower(value as string)));
}

/** Order value of the previous calendar quarter (UTC), summed from the month keys by date range. */
function lastQuarterTotal(facts: SegmentFacts, now: Date): number {
  const thisQuarter = Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1);
  const previous = new Date(thisQuarter);
  previous.setUTCMonth(previous.getUTCMonth() - 3);
  let total = 0;
  for (const [month, value] of Object.entries(facts.orders?.byMonth ?? {})) {
    const start = Date.parse(`${month}-01T00:00:00Z`);
    if (start >= previous.getTime() && start < thisQuarter) total += value;
  }
  return total;
}
