import { responseSchemas } from '#shared/http/response-schemas';
import { aContact, NOW } from '#tests/helpers/factories';

/** Median time of `run` over `rounds`, in milliseconds. */
function median(rounds: number, run: () => void): number {
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
}

/**
 * What shaping an answer by its response schema costs (parse, zod, serialise again) beside the
 * serialisation a handler does anyway: a page of 500 contacts and a 360° view with 400 timeline entries.
 */
export function benchResponseShaping(): Record<string, number> {
  const at = NOW.toISOString();
  const page = JSON.stringify({
    items: Array.from({ length: 500 }, (_, index) =>
      aContact({ id: `c-${index}`, firstName: 'Anna', lastName: 'Weiß', tags: ['vip'], searchKeys: ['anna#c'] }),
    ),
  });
  const proofs = Array.from({ length: 100 }, (_, index) => ({
    id: `p-${index}`,
    contactId: 'c-1',
    topic: 'newsletter',
    status: 'granted',
    at,
    method: 'double_opt_in',
    source: 'form:f-1',
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0',
  }));
  const touchpoints = Array.from({ length: 300 }, (_, index) => ({
    id: `t-${index}`,
    contactId: 'c-1',
    at,
    kind: 'form_submission',
    channel: 'web',
    source: 'direct',
  }));
  const view = JSON.stringify({
    contact: aContact({ id: 'c-1' }),
    company: null,
    touchpoints,
    consentProofs: proofs,
    activities: [],
    orders: [],
    mails: [],
    consentsByTopic: { newsletter: { status: 'granted', at, proofs } },
    timeline: [
      ...touchpoints.map((entry) => ({ ...entry, kind: 'touchpoint', touchpointKind: entry.kind })),
      ...proofs.map((entry) => ({ ...entry, kind: 'consent' })),
    ],
    segments: [],
  });
  const shape = (body: string, schema: { parse(value: unknown): unknown }) => JSON.stringify(schema.parse(JSON.parse(body)));
  const serialise = (body: string) => JSON.stringify(JSON.parse(body));
  const listSchema = responseSchemas['GET /v1/contacts'][200];
  const viewSchema = responseSchemas['GET /v1/contacts/{id}'][200];
  for (let warm = 0; warm < 50; warm += 1) {
    shape(page, listSchema);
    shape(view, viewSchema);
  }
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    shapingContactPage500Ms: round(median(200, () => shape(page, listSchema))),
    serialisingContactPage500Ms: round(median(200, () => serialise(page))),
    contactPage500Bytes: page.length,
    shapingContactView400Ms: round(median(200, () => shape(view, viewSchema))),
    serialisingContactView400Ms: round(median(200, () => serialise(view))),
    contactView400Bytes: view.length,
  };
}

// `npx tsx bench/response-shaping.ts` runs it alone: it needs no local services.
if (process.argv[1]?.endsWith('response-shaping.ts')) console.log(benchResponseShaping());
