import * as z from '#shared/zod';

/** One criterion, or none for everybody, newest first. Only the newest list and a segment's members page on. */
export type ContactQuery =
  | { email: string }
  | { q: string }
  | { companyId: string }
  | { segmentId: string; cursor?: string }
  | { tag: string; cursor?: string }
  | { ownerId: string; cursor?: string }
  | { cursor?: string };

const CRITERIA = ['email', 'q', 'companyId', 'segmentId', 'tag', 'ownerId'] as const;
const PAGED: ReadonlyArray<(typeof CRITERIA)[number]> = ['segmentId', 'tag', 'ownerId'];

/**
 * `GET /v1/contacts`: at most one of `email`, `q` (name or company), `companyId`, `segmentId`, `tag`
 * (any case); none lists everybody, newest first. `cursor` pages the newest list, a segment's members
 * and the tagged.
 *
 * @example { "segmentId": "3f0c…", "limit": "100" }
 */
export const contactListQuery = z
  .strictObject({
    email: z.string().min(3).max(320).optional(),
    q: z.string().min(1).max(200).optional(),
    companyId: z.string().min(1).max(100).optional(),
    segmentId: z.string().min(1).max(200).optional(),
    tag: z.string().trim().min(1).max(50).optional(),
    /** The contacts a user owns, and the people without an owner of the companies they own. */
    ownerId: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .superRefine((query, ctx) => {
    const given = CRITERIA.filter((name) => query[name] !== undefined);
    for (const name of given.slice(1))
      ctx.addIssue({ code: 'custom', path: [name], message: `give at most one of ${CRITERIA.join(', ')} (${given[0]} is given)` });
    const pages = given.length === 0 || PAGED.includes(given[0] as (typeof CRITERIA)[number]);
    if (query.cursor !== undefined && !pages)
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'pages only the list without criterion, segmentId, tag and ownerId' });
  })
  .transform(({ limit, cursor, ...criteria }): { limit: number; query: ContactQuery } => {
    const paging = cursor === undefined ? {} : { cursor };
    if (criteria.email !== undefined) return { limit, query: { email: criteria.email } };
    if (criteria.q !== undefined) return { limit, query: { q: criteria.q } };
    if (criteria.companyId !== undefined) return { limit, query: { companyId: criteria.companyId } };
    if (criteria.segmentId !== undefined) return { limit, query: { segmentId: criteria.segmentId, ...paging } };
    if (criteria.tag !== undefined) return { limit, query: { tag: criteria.tag, ...paging } };
    if (criteria.ownerId !== undefined) return { limit, query: { ownerId: criteria.ownerId, ...paging } };
    return { limit, query: paging };
  });
