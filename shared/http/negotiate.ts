import { NotAcceptableError } from '#shared/domain/errors';
import type { ApiEvent } from './http-handler';

interface MediaRange {
  type: string;
  q: number;
  /** More specific ranges win over wildcards at equal quality (RFC 9110, 12.5.1). */
  specificity: number;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => {
      const [range = '', ...params] = part.split(';').map((value) => value.trim().toLowerCase());
      const q = params.map((param) => /^q=([01](?:\.\d{0,3})?)$/.exec(param)?.[1]).find((value) => value !== undefined);
      const specificity = range === '*/*' ? 0 : range.endsWith('/*') ? 1 : 2;
      return { type: range, q: q === undefined ? 1 : Number(q), specificity };
    })
    .filter((range) => range.type.includes('/'));
}

function quality(ranges: readonly MediaRange[], offer: string): number {
  const [major] = offer.split('/');
  const match = ranges
    .filter((range) => range.type === offer || range.type === `${major}/*` || range.type === '*/*')
    .sort((a, b) => b.specificity - a.specificity)[0];
  return match ? match.q : 0;
}

/**
 * The representation to answer with: the offer the `Accept` header rates highest, the first offer on
 * a tie or without the header. Throws {@link NotAcceptableError} when it accepts none of them.
 */
export function negotiate<T extends string>(event: Pick<ApiEvent, 'headers'>, offers: readonly [T, ...T[]]): T {
  const header = event.headers?.accept ?? event.headers?.Accept;
  if (!header?.trim()) return offers[0];
  const ranges = parseAccept(header);
  let best: { offer: T; q: number } | undefined;
  for (const offer of offers) {
    const q = quality(ranges, offer);
    if (q > 0 && (!best || q > best.q)) best = { offer, q };
  }
  if (!best) throw new NotAcceptableError(offers);
  return best.offer;
}
