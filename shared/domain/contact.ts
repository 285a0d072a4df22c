import type { AbcClass } from './abc';
import type { Address } from './address';
import type { Touch } from './attribution';
import type { Channels } from './channel';
import type { CustomFieldValues } from './custom-field-value';

export type ConsentStatus = 'pending' | 'granted' | 'withdrawn';

/** A contact's current consent for one topic; the history lives in append-only {@link ConsentProof}s. */
export interface ConsentState {
  status: ConsentStatus;
  /** When the status last changed. */
  at: string;
  /** The open or last double opt-in request; a confirmation link works only for this id. */
  requestId?: string;
  requestedAt?: string;
  /** When the confirmation mail for `requestId` was last handed to SES. */
  mailSentAt?: string;
  formId?: string;
  textVersion?: string;
}

export const PROFILE_FIELDS = ['firstName', 'lastName', 'company', 'jobTitle', 'phone', 'locale', 'postalCode', 'city', 'country'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type Profile = Partial<Record<ProfileField, string>>;

/** A person, with the facts segments read kept on the profile item (ARCHITECTURE.md, "One table"). */
export interface Contact extends Profile {
  id: string;
  /** As the person typed it (trimmed). */
  email: string;
  emailNormalised: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-locking counter: every write is conditioned on the version it read. */
  version: number;
  /** Channel of the first touch: `web`, `fair`, ... */
  source: string;
  /** The company the `company` name resolved to. */
  companyId?: string;
  /** The user who owns the person (their main contact in the user's own company); without one, the company's owner. */
  ownerId?: string;
  /** The ABC class of the person's account: their company's, or their own when they have none (shared/domain/abc.ts). */
  abc?: AbcClass;
  /** The name-index items written for this contact, so a rename or erasure removes exactly those. */
  searchKeys?: string[];
  /** The tag-index items written for this contact (`tag|sort key`), so a change or erasure removes exactly those. */
  tagKeys?: string[];
  firstTouch?: Touch;
  lastTouch?: Touch;
  consents: Record<string, ConsentState>;
  /** The person's own channel preferences (a company's blocks apply on top: shared/domain/channel rules). */
  channels?: Channels;
  /**
   * The channels the person's company sets, copied onto the profile (shared/use-cases/company-channels.ts)
   * so segment rules, mailings and print exports read the effective channel from the profile alone.
   */
  companyChannels?: Channels;
  /** The person's own postal address; without one, business post goes to the company's. */
  address?: Address;
  /** Custom field values by field key. */
  fields?: CustomFieldValues;
  tags: string[];
  score: number;
  /** The version of the scoring rules `score` was computed under (shared/domain/scoring.ts). */
  scoreRulesVersion?: number;
  /** When the score last reached the qualification threshold; cleared when it falls below it again. */
  qualifiedAt?: string;
  orders: {
    count: number;
    totalMinor: number;
    /** The currency of `totalMinor` and `byMonth`: that of the first order. */
    currency?: string;
    firstAt?: string;
    lastAt?: string;
    /** Order value per month (`2026-03`), for period rules such as "highest order value last quarter". */
    byMonth?: Record<string, number>;
  };
  activity: { lastAt?: string };
  /** Segments the contact is in (segment id → entered at), kept by segment runs and live refreshes. */
  segments?: Record<string, string>;
  /** Contacts merged into this one (their `MERGED` tombstones point here; an erasure removes them). */
  mergedIds?: string[];
  /** The normalised addresses of those contacts: their email claims point here (an erasure removes them). */
  mergedEmails?: string[];
}

/** One entry of the contact's timeline: a form submission, a fair scan, an ad lead. */
export interface Touchpoint extends Touch {
  id: string;
  contactId: string;
  /** `print_mailing`: the person was on a print campaign's address list (shared/use-cases/export-print-list.ts). */
  kind: 'form_submission' | 'import' | 'api' | 'order' | 'print_mailing';
  /** For imports: the file and row the touch came from. */
  importId?: string;
  row?: number;
  utm?: Partial<Record<'source' | 'medium' | 'campaign' | 'term' | 'content', string>>;
  referrer?: string;
  pageUrl?: string;
}

/** Append-only evidence of a consent change: who, when, where, to which text (GDPR art. 7(1)). */
export interface ConsentProof {
  id: string;
  contactId: string;
  topic: string;
  status: ConsentStatus;
  at: string;
  method: 'double_opt_in' | 'single_opt_in' | 'import' | 'unsubscribe' | 'preferences' | 'admin';
  /** Where it happened: `form:<id>`, `import:<id>`, `email:<mailingId>`. */
  source: string;
  formId?: string;
  ip?: string;
  userAgent?: string;
  textVersion?: string;
  text?: string;
  requestId?: string;
  /** Free-text evidence, e.g. where an imported consent was collected ("Hannover Messe, stand B12, paper form v3"). */
  detail?: string;
}

export function emptyContact(id: string, email: string, emailNormalised: string, source: string, now: Date): Contact {
  const at = now.toISOString();
  return {
    id,
    email,
    emailNormalised,
    createdAt: at,
    updatedAt: at,
    version: 0,
    source,
    consents: {},
    tags: [],
    score: 0,
    orders: { count: 0, totalMinor: 0 },
    activity: {},
  };
}
