import { ABC_CLASSES } from '#shared/domain/abc';
import type { Company } from '#shared/store/company-repository';
import * as z from '#shared/zod';
import { isoTime } from './common-responses';
import { addressResponse, channelProofResponse, channelsResponse } from './contact-data-responses';
import { contactResponse } from './contact-responses';
import { customFieldValuesResponse } from './custom-field-responses';
import { taskResponse, userRefResponse } from './sales-responses';

/** A company. @example { "id": "co-1", "name": "Weiß GmbH", "createdAt": "2026-03-10T09:30:00.000Z" } */
export const companyResponse = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: isoTime,
  /** Set by the first change. */
  updatedAt: isoTime.optional(),
  fields: customFieldValuesResponse.optional(),
  /** Channels the company blocks (or allows) for all its people. */
  channels: channelsResponse.optional(),
  address: addressResponse.optional(),
  /** The account's ABC class by its trailing 12 months of order revenue; absent until the first run. */
  abc: z.enum(ABC_CLASSES).optional(),
  /** The user who owns the account. */
  ownerId: z.string().optional(),
}) satisfies z.ZodType<Company>;

/** A company with its people (up to 500), alphabetically by last name. */
export const companyWithPeopleResponse = companyResponse.extend({
  people: z.array(contactResponse),
  /** The company's channel changes and their proof, newest first. */
  channelProofs: z.array(channelProofResponse),
  /** The user who owns the account, or null. */
  owner: userRefResponse.nullable().optional(),
  /** The company's own tasks, open and done, by due time. */
  tasks: z.array(taskResponse).optional(),
});
