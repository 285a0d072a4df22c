import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { text } from '#shared/domain/common-schemas';
import { normaliseEmail } from '#shared/domain/email';
import { DomainError, ValidationError } from '#shared/domain/errors';
import { decodeCsv, detectDelimiter, type ImportField, mapColumns, parseImportDate } from '#shared/domain/import-columns';
import type { Topic } from '#shared/domain/topic';
import type { CampaignRepository } from '#shared/store/campaign-repository';
import type { CompanyRepository } from '#shared/store/company-repository';
import { ImportRowDoneError } from '#shared/store/contact-repository';
import type { ImportRepository } from '#shared/store/import-repository';
import type { TopicRepository } from '#shared/store/topic-repository';
import * as z from '#shared/zod';
import { storeCapture } from './capture-lead';
import type { CapturePorts, Clock } from './ports';

/** Rows written at once: enough to keep DynamoDB busy, few enough to keep memory flat. */
const CONCURRENCY = 16;
/** Rejected rows listed in the answer; the count covers all of them. */
const MAX_LISTED_REJECTIONS = 1000;

const rowSchema = z.object({
  email: z.string({ error: 'is missing' }).trim().min(1, 'is missing').max(254).pipe(z.email({ pattern: z.regexes.unicodeEmail, message: 'is not an email address' })),
  firstName: text(100).optional(),
  lastName: text(100).optional(),
  company: text(200).optional(),
  jobTitle: text(100).optional(),
  phone: text(40).optional(),
  postalCode: text(20).optional(),
  city: text(100).optional(),
  country: text(100).optional(),
  date: z.string().optional(),
});

export interface ImportRequest {
  bytes: Uint8Array;
  campaignId?: string;
  topics: string[];
  /** Where the stand collected the consent; required with `topics`. */
  consentSource?: string;
}

export interface ImportSummary {
  importId: string;
  encoding: 'utf-8' | 'windows-1252';
  rows: number;
  created: number;
  merged: number;
  /** Rows of this file imported before (a re-posted or resumed file): nothing written again. */
  skipped: number;
  rejected: Array<{ row: number; reason: string }>;
  rejectedCount: number;
  ignoredColumns: string[];
}

export type ImportPorts = Pick<CapturePorts, 'contacts' | 'companies' | 'clock' | 'newId'> & {
  campaigns: Pick<CampaignRepository, 'get'>;
  topics: Pick<TopicRepository, 'getMany'>;
  imports: Pick<ImportRepository, 'completed' | 'complete'>;
  /** True when the address was erased at the person's request. */
  isErased: (emailNormalised: string) => Promise<boolean>;
  clock: Clock;
};

/**
 * Imports a fair's or portal's CSV: comma, semicolon or tab; UTF-8 with or without BOM, or
 * Windows-1252; English or German headers. Streams the rows through the same capture path as web
 * forms (normalising, merging, touchpoint, attribution, consent proof), collecting per-row errors.
 * Idempotent per file and row: each row is claimed in its capture transaction, so re-posting the file
 * (or resuming one that stopped) writes nothing twice.
 */
export async function importContacts(ports: ImportPorts, request: ImportRequest): Promise<ImportSummary> {
  const [campaign, topics] = await Promise.all([request.campaignId ? ports.campaigns.get(request.campaignId) : undefined, ports.topics.getMany(request.topics)]);
  const issues = checkRequest(request, campaign !== undefined, topics);
  if (issues.length > 0) throw new ValidationError('The import is not valid', issues);

  const importId = createHash('sha256').update(request.bytes).update(JSON.stringify([request.campaignId, request.topics, request.consentSource])).digest('base64url').slice(0, 24);
  const done = await ports.imports.completed<ImportSummary>(importId);
  if (done) return { ...done, created: 0, merged: 0, skipped: done.rows - done.rejectedCount };

  const { text: content, encoding } = decodeCsv(request.bytes);
  const firstLine = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const parser = Readable.from(chunks(content)).pipe(
    parse({ delimiter: detectDelimiter(firstLine), bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, trim: true }),
  );

  const summary: ImportSummary = { importId, encoding, rows: 0, created: 0, merged: 0, skipped: 0, rejected: [], rejectedCount: 0, ignoredColumns: [] };
  const reject = (row: number, reason: string) => {
    summary.rejectedCount += 1;
    if (summary.rejected.length < MAX_LISTED_REJECTIONS) summary.rejected.push({ row, reason });
  };
  const companyIds = new Map<string, Promise<string>>();
  const cachedCompanies = {
    ensure: (name: string, newId: () => string, now: Date) => {
      const key = name.toLowerCase();
      if (!companyIds.has(key)) companyIds.set(key, ports.companies.ensure(name, newId, now));
      return companyIds.get(key) as Promise<string>;
    },
  };
  const capturePorts = { ...ports, companies: cachedCompanies };

  let fields: Array<ImportField | undefined> | undefined;
  let recordNumber = 0;
  const inFlight = new Set<Promise<void>>();
  for await (const record of parser as AsyncIterable<string[]>) {
    recordNumber += 1;
    if (!fields) {
      const mapped = mapColumns(record);
      if (!mapped.fields.includes('email')) {
        throw new ValidationError('The file has no email column', [{ path: 'header', message: 'needs an email column (Email, E-Mail, Mail)' }]);
      }
      fields = mapped.fields;
      summary.ignoredColumns = mapped.ignored;
      continue;
    }
    const row = recordNumber;
    summary.rows += 1;
    const values: Record<string, string> = {};
    fields.forEach((field, index) => {
      const value = record[index];
      if (field && value !== undefined && value !== '') values[field] = value;
    });
    const task = importRow(capturePorts, { importId, row, values, campaign, topics, consentSource: request.consentSource })
      .then((outcome) => {
        if (outcome.kind === 'rejected') reject(row, outcome.reason);
        else summary[outcome.kind] += 1;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (!fields) throw new ValidationError('The file is empty', [{ path: 'body', message: 'needs a header line and rows' }]);
  summary.rejected.sort((a, b) => a.row - b.row);
  await ports.imports.complete(importId, summary, ports.clock.now());
  return summary;
}

type RowOutcome = { kind: 'created' | 'merged' | 'skipped' } | { kind: 'rejected'; reason: string };

async function importRow(
  ports: ImportPorts,
  input: { importId: string; row: number; values: Record<string, string>; campaign: { id: string; code: string; channel: string } | undefined; topics: Topic[]; consentSource: string | undefined },
): Promise<RowOutcome> {
  const parsed = rowSchema.safeParse(input.values);
  if (!parsed.success) {
    return { kind: 'rejected', reason: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ') };
  }
  const { email, date, ...profile } = parsed.data;
  const emailNormalised = normaliseEmail(email);
  if (await ports.isErased(emailNormalised)) return { kind: 'rejected', reason: 'email: this person asked to be erased; only their own new consent may add them again' };
  const at = parseImportDate(date) ?? ports.clock.now().toISOString();
  try {
    const result = await storeCapture(ports, {
      newContactId: ports.newId(),
      email,
      emailNormalised,
      profile: Object.fromEntries(Object.entries(profile).filter(([, value]) => value)),
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
      importRow: { importId: input.importId, row: input.row },
    });
    return { kind: result.isNew ? 'created' : 'merged' };
  } catch (error) {
    if (error instanceof ImportRowDoneError) return { kind: 'skipped' };
    if (error instanceof DomainError && error.kind !== 'conflict') return { kind: 'rejected', reason: error.message };
    throw error;
  }
}

function checkRequest(request: ImportRequest, campaignFound: boolean, topics: Topic[]) {
  const issues: Array<{ path: string; message: string }> = [];
  if (request.campaignId && !campaignFound) issues.push({ path: 'query.campaignId', message: `campaign ${request.campaignId} does not exist` });
  request.topics.forEach((id, index) => {
    if (!topics.some((topic) => topic.id === id)) issues.push({ path: `query.topics.${index}`, message: `topic ${id} does not exist` });
  });
  if (request.topics.length > 0 && !request.consentSource) issues.push({ path: 'query.consentSource', message: 'is required with topics: say where and how the consent was collected' });
  return issues;
}

/** The text in 64 KiB pieces, so the parser streams instead of holding every record at once. */
function* chunks(content: string): Generator<string> {
  for (let start = 0; start < content.length; start += 65_536) yield content.slice(start, start + 65_536);
}
