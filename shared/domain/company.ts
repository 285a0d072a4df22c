import type { AbcClass } from './abc';
import type { Address } from './address';
import type { Channels } from './channel';
import type { CustomFieldValues } from './custom-field-value';

/** A company leads work for, created on first sight of its name. */
export interface Company {
  id: string;
  name: string;
  createdAt: string;
  /** When the company was last changed; a change is conditioned on it (absent before the first). */
  updatedAt?: string;
  /** Channels the company blocks (or allows) for all its people. */
  channels?: Channels;
  /** The company's postal address, used for a person's business post when they have none of their own. */
  address?: Address;
  /** Custom field values by field key. */
  fields?: CustomFieldValues;
  /** The user who owns the account; its people without an owner of their own show this one. */
  ownerId?: string;
  /** The account's ABC class by its trailing 12 months of order revenue (shared/domain/abc.ts). */
  abc?: AbcClass;
}
