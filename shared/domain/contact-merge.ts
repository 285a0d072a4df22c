import { applyTouch } from './attribution';
import type { ChannelState, Channels } from './channel';
import { CHANNELS } from './channel';
import { type ConsentState, type Contact, PROFILE_FIELDS } from './contact';
import { NotFoundError } from './errors';

/** A contact that was merged into another: 404, with the survivor's id in the problem (`mergedInto`). */
export class MergedContactError extends NotFoundError {
  constructor(
    id: string,
    readonly mergedInto: string,
  ) {
    super('Contact', id);
    this.message = `Contact ${id} was merged into ${mergedInto}`;
  }
}

/**
 * One topic's consent after a merge: the same status keeps the more recent state; granted beats pending
 * whatever their times (pending never beats granted); otherwise the more recent change wins (a withdrawal
 * newer than a grant, a grant newer than a withdrawal, a new request after a withdrawal), and on equal
 * times the stricter (withdrawn).
 */
export function mergeConsent(survivor: ConsentState | undefined, other: ConsentState | undefined): ConsentState | undefined {
  if (!survivor || !other) return survivor ?? other;
  if (survivor.status === other.status) return other.at > survivor.at ? other : survivor;
  const statuses = new Set([survivor.status, other.status]);
  if (statuses.has('granted') && statuses.has('pending')) return survivor.status === 'granted' ? survivor : other;
  if (survivor.at !== other.at) return other.at > survivor.at ? other : survivor;
  return survivor.status === 'withdrawn' ? survivor : other;
}

/** One channel's state after a merge: `blocked` wins when it is the more recent or equal, else the more recent. */
export function mergeChannel(survivor: ChannelState | undefined, other: ChannelState | undefined): ChannelState | undefined {
  if (!survivor || !other) return survivor ?? other;
  if (survivor.status === other.status) return other.at > survivor.at ? other : survivor;
  const [blocked, allowed] = survivor.status === 'blocked' ? [survivor, other] : [other, survivor];
  return blocked.at >= allowed.at ? blocked : allowed;
}

function mergeChannels(survivor: Channels | undefined, other: Channels | undefined): Channels | undefined {
  if (!survivor && !other) return undefined;
  const merged: Channels = {};
  for (const channel of CHANNELS) {
    const state = mergeChannel(survivor?.[channel], other?.[channel]);
    if (state) merged[channel] = state;
  }
  return merged;
}

const earlier = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined || a <= b ? a : b);
const later = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined || a >= b ? a : b);

function mergeOrders(survivor: Contact['orders'], other: Contact['orders']): Contact['orders'] {
  // Totals of another currency cannot be added: the survivor's currency's totals stay, the count adds up.
  const sameCurrency = !survivor.currency || !other.currency || survivor.currency === other.currency;
  const byMonth: Record<string, number> = { ...(survivor.byMonth ?? {}) };
  if (sameCurrency) for (const [month, amount] of Object.entries(other.byMonth ?? {})) byMonth[month] = (byMonth[month] ?? 0) + amount;
  const currency = survivor.currency ?? other.currency;
  const firstAt = earlier(survivor.firstAt, other.firstAt);
  const lastAt = later(survivor.lastAt, other.lastAt);
  return {
    count: survivor.count + other.count,
    totalMinor: survivor.totalMinor + (sameCurrency ? other.totalMinor : 0),
    ...(currency ? { currency } : {}),
    ...(firstAt ? { firstAt } : {}),
    ...(lastAt ? { lastAt } : {}),
    ...(Object.keys(byMonth).length > 0 ? { byMonth } : {}),
  };
}

/**
 * The survivor's profile after `other` is merged into it (before the store's bookkeeping): the survivor's
 * profile values, address, company and custom field values win and the other's fill what it lacks; consents
 * and channels per topic/channel by {@link mergeConsent} / {@link mergeChannel}; tags united; scores added
 * (both were earned by the same person); first touch the earlier, last touch the later; order facts added;
 * created at the earlier (with that one's source). `mergedIds` / `mergedEmails` remember what was merged in,
 * so an erasure of the survivor erases those too.
 */
export function mergeContacts(survivor: Contact, other: Contact, now: Date): Contact {
  const merged: Contact = { ...survivor, updatedAt: now.toISOString() };
  for (const field of PROFILE_FIELDS) if (!merged[field] && other[field]) merged[field] = other[field];
  if (!survivor.company && other.company) {
    merged.company = other.company;
    if (other.companyId) merged.companyId = other.companyId;
    else delete merged.companyId;
  }
  if (!survivor.address && other.address) merged.address = other.address;
  if (survivor.fields || other.fields) merged.fields = { ...(other.fields ?? {}), ...(survivor.fields ?? {}) };
  const consents: Record<string, ConsentState> = {};
  for (const topic of new Set([...Object.keys(survivor.consents), ...Object.keys(other.consents)])) {
    const state = mergeConsent(survivor.consents[topic], other.consents[topic]);
    if (state) consents[topic] = state;
  }
  merged.consents = consents;
  const channels = mergeChannels(survivor.channels, other.channels);
  if (channels) merged.channels = channels;
  const seen = new Set<string>();
  merged.tags = [...survivor.tags, ...other.tags].filter((tag) => {
    const folded = tag.trim().toLowerCase();
    return !seen.has(folded) && Boolean(seen.add(folded));
  });
  merged.score = survivor.score + other.score;
  // The survivor's owner stays; a survivor without one takes the other's.
  if (!survivor.ownerId && other.ownerId) merged.ownerId = other.ownerId;
  let touches = { firstTouch: survivor.firstTouch, lastTouch: survivor.lastTouch };
  for (const touch of [other.firstTouch, other.lastTouch]) if (touch) touches = applyTouch(touches, touch);
  if (touches.firstTouch) merged.firstTouch = touches.firstTouch;
  if (touches.lastTouch) merged.lastTouch = touches.lastTouch;
  merged.orders = mergeOrders(survivor.orders, other.orders);
  const lastActivity = later(survivor.activity.lastAt, other.activity.lastAt);
  merged.activity = lastActivity ? { lastAt: lastActivity } : {};
  if (other.createdAt < survivor.createdAt) {
    merged.createdAt = other.createdAt;
    merged.source = other.source;
  }
  merged.mergedIds = [...new Set([...(survivor.mergedIds ?? []), other.id, ...(other.mergedIds ?? [])])];
  merged.mergedEmails = [...new Set([...(survivor.mergedEmails ?? []), other.emailNormalised, ...(other.mergedEmails ?? [])])].filter(
    (email) => email !== survivor.emailNormalised,
  );
  return merged;
}
