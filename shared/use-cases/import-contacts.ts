import { DomainError, ValidationError } from '#shared/domain/errors';
import { type ColumnMap, parseImportDate } from '#shared/domain/import-columns';
import { type ImportDetection, type ImportFile, type ImportFileRow, readImportFile } from '#shared/domain/import-file';
import { type ImportCounts, importIdOf, type ImportRecord, ImportRunningError, newImportRecord } from '#shared/domain/import-record';
import { ERASED_ROW_REASON, parseImportRow } from '#shared/domain/import-row';
import type { Topic } from '#shared/domain/topic';
import { ImportRowDoneError } from './port-errors';
import { storeCapture } from './capture-lead';
import type { CapturePorts, Clock } from './ports';
import type { CampaignReader, TopicsById } from './catalog-ports';
import type { CustomFieldDefinitions } from './custom-field-ports';
import type { CustomFieldDefinition } from '#shared/domain/custom-field';
import type { ImportRejection, ImportStore } from './import-ports';

/** Rows written at once: enough to keep DynamoDB busy, few enough to keep memory flat. */
export const CONCURRENCY = 16;
/** Rows whose claims are read in one BatchGet. */
export const CLAIM_CHECK_ROWS = 100;
/** Rejected rows listed in the answer; the count covers all of them, and all are stored. */
export const MAX_LISTED_REJECTIONS = 1000;
/** Rows between two progress writes of the import's record... */
export const PROGRESS_EVERY = 200;
/** ...or, when rows go slowly, time between two (so a client polling sees it move). */
export const PROGRESS_EVERY_MS = 2000;
/**
 * A running record without progress for this long belongs to a process that died: posting the file
 * again takes it over. Progress is written every {@link PROGRESS_EVERY} rows or {@link PROGRESS_EVERY_MS}.
 */
export const STALE_AFTER_MS = 2 * 60 * 1000;
/**
 * Time an import keeps in hand before the function's deadline: it starts no more rows then, lets the
 * rows in flight finish and records where it stopped, instead of being cut off mid-way (a bare 500).
 */
export const STOP_BEFORE_DEADLINE_MS = 6000;

export interface ImportRequest {
  bytes: Uint8Array;
  campaignId?: string;
  topics: string[];
  /** Where the stand collected the consent; required with `topics`. */
  consentSource?: string;
  /** Header → field for the columns not to match by their header. */
  map?: ColumnMap;
  /** The uploaded file's name, kept in the history. */
  fileName?: string;
  /** Milliseconds left before the caller's deadline (Lambda's remaining time); no limit without it. */
  timeLeftMs?: () => number;
}

/** The answer of an import and of its dry run. */
export interface ImportReport extends ImportCounts {
  importId: string;
  /** True when nothing was written: the counts are what the import would do now. */
  dryRun: boolean;
  /**
   * False when the run stopped at the time limit before the last row: the counts cover the rows done;
   * posting the same file again continues (rows done are skipped).
   */
  complete: boolean;
  /** `utf-8` also for a file with a BOM (as before 0.6.0); `detected.encoding` tells them apart. */
  encoding: 'utf-8' | 'windows-1252';
  rows: number;
  /** The first {@link MAX_LISTED_REJECTIONS} rejected rows; `GET /v1/imports/{id}/rejected` has all. */
  rejected: ImportRejection[];
  ignoredColumns: string[];
  detected: ImportDetection;
  preview: ImportFileRow[];
}

export type ImportPorts = Pick<CapturePorts, 'contacts' | 'companies' | 'clock' | 'newId'> & {
  campaigns: CampaignReader;
  topics: TopicsById;
  imports: ImportStore;
  /** True when the address was erased at the person's request. */
  isErased: (emailNormalised: string) => Promise<boolean>;
  /** The custom field definitions columns may be read into (`fields.<key>`); none without it. */
  customFields?: CustomFieldDefinitions;
  clock: Clock;
};

/** The custom fields of contacts a file's columns may be read into (read once per import). */
export async function importableFields(ports: Pick<ImportPorts, 'customFields'>): Promise<CustomFieldDefinition[]> {
  return ((await ports.customFields?.list()) ?? []).filter((definition) => definition.appliesTo === 'contact');
}

export type CampaignRef = { id: string; code: string; channel: string };

/**
 * Imports a fair's or portal's CSV: comma, semicolon or tab; UTF-8 with or without BOM, or
 * Windows-1252; English or German headers, or the columns a map names. Streams the rows through the
 * same capture path as web forms (normalising, merging, touchpoint, attribution, consent proof),
 * keeping every rejected row with its reason. The import's record is written when it starts and its
 * counts every few hundred rows, so its progress can be followed while the request runs.
 * Idempotent per file and row: each row's touchpoint is its claim, put only if absent in the row's
 * capture transaction, so re-posting the file (or resuming one that stopped) writes nothing twice.
 */
export async function importContacts(ports: ImportPorts, request: ImportRequest): Promise<ImportReport> {
  const { campaign, topics } = await loadImportRequest(ports, request);
  const definitions = await importableFields(ports);
  const file = await readImportFile(request.bytes, request.map, definitions);
  const importId = importIdOf(request.bytes, request);
  const report = newImportReport(importId, file, false);
  const previous = await ports.imports.get(importId);
  if (previous?.status === 'done') return repeated(ports, report, previous);

  const now = ports.clock.now();
  const record = newImportRecord({ ...request, importId }, 'running', file.rows, now);
  if (!(await ports.imports.start(record, new Date(now.getTime() - STALE_AFTER_MS)))) {
    const current = await ports.imports.get(importId);
    if (current?.status === 'done') return repeated(ports, report, current);
    throw new ImportRunningError(importId);
  }
  const outcome = (status: 'done' | 'failed', processed: number, error?: string): ImportRecord => ({
    ...record,
    ...countsOf(report),
    processed,
    status,
    finishedAt: ports.clock.now().toISOString(),
    ...(error ? { error } : {}),
  });

  const progress = { processed: 0 };
  try {
    report.complete = await importRows(ports, {
      file,
      importId,
      campaign,
      topics,
      consentSource: request.consentSource,
      report,
      progress,
      startedAt: record.startedAt,
      timeLeftMs: request.timeLeftMs,
      definitions,
    });
  } catch (error) {
    await ports.imports
      .finish(outcome('failed', progress.processed, 'the import stopped on an unexpected error; post the same file again to continue'), ports.clock.now())
      .then(
        () => undefined,
        (recordError: unknown) => {
          throw new AggregateError([error, recordError], 'The import failed, and so did recording its failure');
        },
      );
    throw error;
  }
  const stopped = report.complete
    ? undefined
    : `stopped at the time limit after ${progress.processed} of ${file.rows} rows; post the same file again to continue`;
  await ports.imports.finish(stopped ? outcome('failed', progress.processed, stopped) : outcome('done', progress.processed), ports.clock.now());
  report.rejected.sort((a, b) => a.row - b.row);
  return report;
}

/** The campaign and topics the request names; a {@link ValidationError} names what does not exist. */
export async function loadImportRequest(
  ports: Pick<ImportPorts, 'campaigns' | 'topics'>,
  request: Pick<ImportRequest, 'campaignId' | 'topics' | 'consentSource'>,
  /** Where the fields were sent: `query` for the posted file, `body` for an upload's JSON. */
  origin: 'query' | 'body' = 'query',
): Promise<{ campaign: CampaignRef | undefined; topics: Topic[] }> {
  const at = (field: string) => (origin === 'query' ? `query.${field}` : field);
  const [campaign, topics] = await Promise.all([
    request.campaignId ? ports.campaigns.get(request.campaignId) : undefined,
    ports.topics.getMany(request.topics),
  ]);
  const issues: Array<{ path: string; message: string }> = [];
  if (request.campaignId && !campaign) issues.push({ path: at('campaignId'), message: `campaign ${request.campaignId} does not exist` });
  request.topics.forEach((id, index) => {
    if (!topics.some((topic) => topic.id === id)) issues.push({ path: at(`topics.${index}`), message: `topic ${id} does not exist` });
  });
  if (request.topics.length > 0 && !request.consentSource)
    issues.push({ path: at('consentSource'), message: 'is required with topics: say where and how the consent was collected' });
  if (issues.length > 0) throw new ValidationError('The import is not valid', issues);
  return { campaign: campaign ? { id: campaign.id, code: campaign.code, channel: campaign.channel } : undefined, topics };
}

/** An empty report for a file: what was detected and the preview, no rows counted yet. */
export function newImportReport(importId: string, file: ImportFile, dryRun: boolean): ImportReport {
  return {
    importId,
    dryRun,
    complete: true,
    encoding: file.detected.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8',
    rows: file.rows,
    created: 0,
    merged: 0,
    skipped: 0,
    rejected: [],
    rejectedCount: 0,
    ignoredColumns: file.detected.ignoredColumns,
    detected: file.detected,
    preview: file.preview,
  };
}

/**
 * Counts a rejected row in the report and keeps the listed ones the lowest row numbers, whatever
 * order the rows in flight finish in.
 */
export function addRejection(report: ImportReport, rejection: ImportRejection): void {
  report.rejectedCount += 1;
  if (report.rejected.length < MAX_LISTED_REJECTIONS) {
    report.rejected.push(rejection);
    return;
  }
  let highest = 0;
  report.rejected.forEach((listed, index) => {
    if (listed.row > (report.rejected[highest]?.row ?? 0)) highest = index;
  });
  if (rejection.row < (report.rejected[highest]?.row ?? 0)) report.rejected[highest] = rejection;
}

export const countsOf = (report: ImportReport): ImportCounts => ({
  created: report.created,
  merged: report.merged,
  skipped: report.skipped,
  rejectedCount: report.rejectedCount,
});

/** The answer for a file imported before: every row it imported is skipped, the rejections stand. */
async function repeated(ports: Pick<ImportPorts, 'imports'>, report: ImportReport, done: ImportRecord): Promise<ImportReport> {
  const rejected = await ports.imports.rejections(done.importId, MAX_LISTED_REJECTIONS);
  return { ...report, created: 0, merged: 0, skipped: done.rows - done.rejectedCount, rejectedCount: done.rejectedCount, rejected: rejected.items };
}

/**
 * Streams the file's rows through the capture path, 16 at a time, counting the rows done in
 * `run.progress`. Returns false when it stopped before the last row because the deadline came near.
 */
async function importRows(
  ports: ImportPorts,
  run: {
    file: ImportFile;
    importId: string;
    campaign: CampaignRef | undefined;
    topics: Topic[];
    consentSource: string | undefined;
    report: ImportReport;
    progress: { processed: number };
    startedAt: string;
    timeLeftMs: (() => number) | undefined;
    definitions: readonly CustomFieldDefinition[];
  },
): Promise<boolean> {
  const { report, importId, progress } = run;
  const companyIds = new Map<string, Promise<string>>();
  const cachedCompanies = {
    ensure: (name: string, newId: () => string, now: Date) => {
      const key = name.toLowerCase();
      if (!companyIds.has(key)) companyIds.set(key, ports.companies.ensure(name, newId, now));
      return companyIds.get(key) as Promise<string>;
    },
  };
  const capturePorts = { ...ports, companies: cachedCompanies };

  let reported = 0;
  let reportedAt = ports.clock.now().getTime();
  const inFlight = new Set<Promise<void>>();
  let complete = true;
  // The first row that fails stops the run: no new rows start, the ones in flight finish, then it is thrown
  // (never left as an unhandled rejection of a row nobody waits for).
  let failure: { error: unknown } | undefined;
  // Rows claimed by an earlier run are skipped from one BatchGet per batch, not a transaction each, so a
  // re-posted file resumes quickly; the claim in each row's transaction still guarantees exactly once.
  rows: for await (const batch of run.file.batches(CLAIM_CHECK_ROWS)) {
    const claimed = await ports.imports.claimedRows(
      importId,
      batch.map(({ row }) => row),
    );
    for (const { row, values } of batch) {
      if (failure) break rows;
      if (nearDeadline(run.timeLeftMs)) {
        complete = false;
        break rows;
      }
      if (claimed.has(row)) {
        report.skipped += 1;
        progress.processed += 1;
        continue;
      }
      const task = importRow(capturePorts, {
        importId,
        claimId: importId,
        row,
        values,
        campaign: run.campaign,
        topics: run.topics,
        consentSource: run.consentSource,
        definitions: run.definitions,
      })
        .then(async (outcome) => {
          if (outcome.kind === 'rejected') {
            await ports.imports.reject(importId, { row, reason: outcome.reason });
            addRejection(report, { row, reason: outcome.reason });
          } else report[outcome.kind] += 1;
          progress.processed += 1;
        })
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
      const now = ports.clock.now();
      if (progress.processed - reported >= PROGRESS_EVERY || (progress.processed > reported && now.getTime() - reportedAt >= PROGRESS_EVERY_MS)) {
        reported = progress.processed;
        reportedAt = now.getTime();
        await ports.imports.progress(importId, run.startedAt, { ...countsOf(report), processed: reported }, now);
      }
    }
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  return complete;
}

/** True when the time left before the caller's deadline is too short to start another row. */
export function nearDeadline(timeLeftMs: (() => number) | undefined): boolean {
  return timeLeftMs !== undefined && timeLeftMs() < STOP_BEFORE_DEADLINE_MS;
}

export type RowOutcome = { kind: 'created' | 'merged' | 'skipped' } | { kind: 'rejected'; reason: string };

/**
 * One row through the capture path. `claimId` names the file whose row claims make it exactly once
 * (the import's own id for a posted file; the file's content id for an upload, so the same file
 * uploaded twice claims the same rows); `importId` is the import the touchpoint and proof point to.
 */
export async function importRow(
  ports: Pick<ImportPorts, 'contacts' | 'companies' | 'clock' | 'newId' | 'isErased'>,
  input: {
    importId: string;
    claimId: string;
    row: number;
    values: Partial<Record<string, string>>;
    campaign: CampaignRef | undefined;
    topics: Topic[];
    consentSource: string | undefined;
    /** The custom fields `fields.<key>` columns are read into. */
    definitions?: readonly CustomFieldDefinition[];
  },
): Promise<RowOutcome> {
  const parsed = parseImportRow(input.values, input.definitions);
  if (!parsed.ok) return { kind: 'rejected', reason: parsed.reason };
  const { email, emailNormalised, profile, fields, date, contactData } = parsed.data;
  if (await ports.isErased(emailNormalised)) return { kind: 'rejected', reason: ERASED_ROW_REASON };
  const at = parseImportDate(date) ?? ports.clock.now().toISOString();
  try {
    const result = await storeCapture(ports, {
      newContactId: ports.newId(),
      email,
      emailNormalised,
      profile,
      ...(fields ? { fields } : {}),
      touchpoint: {
        id: `${input.importId}-${input.row}`,
        at,
        kind: 'import',
        channel: input.campaign?.channel ?? 'other',
        source: 'import',
        importId: input.importId,
        row: input.row,
        ...(input.campaign ? { campaignId: input.campaign.id, campaignCode: input.campaign.code } : {}),
      },
      consentTopics: input.topics,
      doubleOptIn: false,
      evidence: { source: `import:${input.importId}`, method: 'import', ...(input.consentSource ? { detail: input.consentSource } : {}) },
      importRow: { importId: input.claimId, row: input.row },
      ...(contactData ? { contactData } : {}),
    });
    return { kind: result.isNew ? 'created' : 'merged' };
  } catch (error) {
    if (error instanceof ImportRowDoneError) return { kind: 'skipped' };
    if (error instanceof DomainError && error.kind !== 'conflict') return { kind: 'rejected', reason: error.message };
    throw error;
  }
}
