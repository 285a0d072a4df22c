import type { AbcClass } from '#shared/domain/abc';
import { type AccountRevenue, abcPeriodMonths, classifyAccounts, periodRevenue } from '#shared/domain/abc-classification';
import { type AbcRunSummary, type AbcStatus, abcStatus } from '#shared/domain/abc-run';
import { ConflictError } from '#shared/domain/errors';
import type { SegmentFacts } from '#shared/domain/segment-rule';
import { abcThresholdsOf } from '#shared/domain/settings';
import { eventCatalog } from '#shared/events/catalog';
import { inParallel } from '#shared/in-parallel';
import type { AbcFacts, AbcSettings, AbcStore } from './abc-ports';
import { ConcurrentWriteError } from './port-errors';
import type { EventPublisher } from '#shared/events/publisher';
import type { Clock } from './ports';

/** What the run reads of each profile from the contact-facts index. */
export const ABC_SCAN_ATTRIBUTES = ['id', 'version', 'companyId', 'orders', 'abc'] as const;

/** Attempts at a contact whose profile changed between the scan and the class write. */
const MAX_WRITE_ATTEMPTS = 5;

export interface AbcRunOptions {
  /** Parallel Scan segments over the contact-facts index. */
  workers: number;
  /** Class writes in flight. */
  writeConcurrency: number;
  /** How long the run holds its lease (a crashed run's lease runs out and the next run may start). */
  leaseMs: number;
  pageSize?: number;
  /** Stops the run between pages or writes (the Lambda's time limit); the run is then recorded as failed. */
  signal?: AbortSignal;
}

export type AbcRunResult = { skipped: true; runId: string } | ({ skipped: false } & AbcRunSummary);

/** One contact as the run keeps it between the scan and the writes: 4 fields, not the facts. */
interface ScannedContact {
  id: string;
  version: number;
  companyId: string | undefined;
  abc: AbcClass | undefined;
}

const companyAccount = (id: string) => `company:${id}`;
const contactAccount = (id: string) => `contact:${id}`;

/**
 * One ABC run (the daily schedule, or `POST /v1/abc/recompute`): takes the run's lease, reads the
 * contact-facts index once with a parallel Scan (keeping 4 fields per contact and a revenue per account),
 * classifies in memory (shared/domain/abc-classification.ts), then writes `abc` only where it changed: on
 * each company (conditioned on the class it had) and on each contact profile (conditioned on its version,
 * bumped; a lost race re-reads the contact and decides again). A contact with a company gets the company's
 * class. A run stopped half-way leaves each write done or not done; the next run writes the rest.
 */
export async function recomputeAbc(
  ports: { abc: AbcStore; facts: AbcFacts; settings: AbcSettings; clock: Clock; newId: () => string },
  request: { runId?: string },
  options: AbcRunOptions,
): Promise<AbcRunResult> {
  const runId = request.runId ?? ports.newId();
  const started = ports.clock.now();
  const startedAt = started.toISOString();
  if (!(await ports.abc.startRun({ runId, startedAt, until: new Date(started.getTime() + options.leaseMs).toISOString() }, started))) {
    return { skipped: true, runId };
  }
  try {
    const summary = await classifyAndWrite(ports, runId, started, options);
    await ports.abc.finishRun(summary);
    return { skipped: false, ...summary };
  } catch (error) {
    await ports.abc.failRun({ runId, startedAt }, ports.clock.now());
    throw error;
  }
}

async function classifyAndWrite(
  ports: { abc: AbcStore; facts: AbcFacts; settings: AbcSettings; clock: Clock },
  runId: string,
  started: Date,
  options: AbcRunOptions,
): Promise<AbcRunSummary> {
  const thresholds = abcThresholdsOf(await ports.settings.get());
  const months = abcPeriodMonths(started);
  const contacts: ScannedContact[] = [];
  const revenues: AccountRevenue[] = [];
  await ports.facts.scanAllFacts(
    {
      attributes: ABC_SCAN_ATTRIBUTES,
      workers: options.workers,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    async (page) => {
      for (const facts of page) {
        contacts.push({ id: facts.id, version: facts.version, companyId: facts.companyId, abc: facts.abc });
        const revenue = periodRevenue(facts.orders?.byMonth, months);
        const currency = facts.orders?.currency;
        if (revenue !== 0 && currency) {
          revenues.push({ account: facts.companyId ? companyAccount(facts.companyId) : contactAccount(facts.id), currency, revenueMinor: revenue });
        }
      }
    },
  );
  const { classOf, currencies } = classifyAccounts(revenues, thresholds);
  const classOfCompany = (id: string): AbcClass => classOf.get(companyAccount(id)) ?? 'none';
  const classOfContact = (facts: { id: string; companyId?: string | undefined }): AbcClass =>
    facts.companyId ? classOfCompany(facts.companyId) : (classOf.get(contactAccount(facts.id)) ?? 'none');

  const companies = await ports.abc.companyClasses();
  const accounts = new Set(companies.map((company) => companyAccount(company.id)));
  for (const contact of contacts) accounts.add(contact.companyId ? companyAccount(contact.companyId) : contactAccount(contact.id));

  let companiesWritten = 0;
  const changedCompanies = companies.filter((company) => company.abc !== classOfCompany(company.id));
  await inParallel(changedCompanies, options.writeConcurrency, async (company) => {
    options.signal?.throwIfAborted();
    if (await ports.abc.setCompanyClass(company.id, company.abc, classOfCompany(company.id))) companiesWritten += 1;
  });

  let contactsWritten = 0;
  const settle = async (scanned: ScannedContact): Promise<void> => {
    options.signal?.throwIfAborted();
    let current: Pick<SegmentFacts, 'id' | 'version' | 'companyId' | 'abc'> | undefined = scanned;
    for (let attempt = 1; current; attempt += 1) {
      const next = classOfContact(current);
      if (current.abc === next) return;
      try {
        await ports.abc.setContactClass(current.id, current.version, next);
        contactsWritten += 1;
        return;
      } catch (error) {
        if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
        current = await ports.facts.factsOf(current.id);
      }
    }
    // Erased while the run was under way: nothing to write.
  };
  await inParallel(
    contacts.filter((contact) => contact.abc !== classOfContact(contact)),
    options.writeConcurrency,
    settle,
  );

  const classified = classOf.size;
  const finished = ports.clock.now();
  return {
    runId,
    startedAt: started.toISOString(),
    computedAt: finished.toISOString(),
    thresholds,
    period: { from: months[0] ?? '', to: months[months.length - 1] ?? '' },
    currencies,
    none: { accounts: accounts.size - classified },
    contacts: contacts.length,
    written: { contacts: contactsWritten, companies: companiesWritten },
    durationMs: finished.getTime() - started.getTime(),
  };
}

/** The last run and whether one is under way (`GET /v1/abc`). */
export async function abcOverview(ports: { abc: Pick<AbcStore, 'runRecord'>; settings: AbcSettings; clock: Clock }): Promise<AbcStatus> {
  const [record, settings] = await Promise.all([ports.abc.runRecord(), ports.settings.get()]);
  return abcStatus(record, abcThresholdsOf(settings), ports.clock.now());
}

/**
 * Asks for a run now (`POST /v1/abc/recompute`): publishes `abc.recompute.requested`, which the ABC runner
 * (the same function the daily schedule invokes) takes. Refused (409) while a run is under way. The
 * answer's `runId` becomes the status's `runId` once that run has finished.
 */
export async function requestAbcRecompute(ports: {
  abc: Pick<AbcStore, 'runRecord'>;
  events: EventPublisher;
  clock: Clock;
  newId: () => string;
}): Promise<{ runId: string }> {
  const now = ports.clock.now();
  const { current } = await ports.abc.runRecord();
  if (current && Date.parse(current.until) > now.getTime()) {
    throw new ConflictError(`An ABC run (${current.runId}) is under way since ${current.startedAt}; try again when it has finished`);
  }
  const runId = ports.newId();
  await ports.events.publish([eventCatalog.abcRecomputeRequested.event({ id: runId, runId, occurredAt: now.toISOString() })]);
  return { runId };
}
