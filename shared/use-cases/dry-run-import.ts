import { readImportFile, type ImportFileRow } from '#shared/domain/import-file';
import { importIdOf } from '#shared/domain/import-record';
import { ERASED_ROW_REASON, parseImportRow } from '#shared/domain/import-row';
import { inParallel } from '#shared/in-parallel';
import type { CustomFieldDefinition } from '#shared/domain/custom-field';
import {
  addRejection,
  importableFields,
  type ImportPorts,
  type ImportReport,
  type ImportRequest,
  loadImportRequest,
  nearDeadline,
  newImportReport,
} from './import-contacts';
import type { ClaimedRows, ExistingEmails } from './import-ports';

/** Rows checked together: one BatchGet of their addresses' claims and one of their row claims. */
const CHUNK_ROWS = 100;
/** Erased-address checks in flight at once. */
const ERASED_CHECKS = 16;

export type DryRunPorts = Pick<ImportPorts, 'campaigns' | 'topics' | 'isErased' | 'customFields'> & {
  contacts: ExistingEmails;
  imports: ClaimedRows;
};

/**
 * What importing the file would do now, by reading only: nothing is written (no contact, claim,
 * record or counter). A row is skipped when this import has claimed it before, rejected as the import
 * would reject it (bad values, an erased person), merged when its address belongs to a contact or
 * to an earlier row of the file, else created. Near the caller's deadline it stops between chunks and
 * says so (`complete: false`), the counts covering the rows checked.
 */
export async function dryRunImport(ports: DryRunPorts, request: ImportRequest): Promise<ImportReport> {
  await loadImportRequest(ports, request);
  const definitions = await importableFields(ports);
  const file = await readImportFile(request.bytes, request.map, definitions);
  const importId = importIdOf(request.bytes, request);
  const report = newImportReport(importId, file, true);
  const seen = new Set<string>();
  for await (const chunk of file.batches(CHUNK_ROWS)) {
    if (nearDeadline(request.timeLeftMs)) {
      report.complete = false;
      break;
    }
    await checkChunk(ports, { importId, definitions }, chunk, seen, report);
  }
  return report;
}

async function checkChunk(
  ports: DryRunPorts,
  { importId, definitions }: { importId: string; definitions: readonly CustomFieldDefinition[] },
  rows: readonly ImportFileRow[],
  seen: Set<string>,
  report: ImportReport,
): Promise<void> {
  const parsed = rows.map((row) => ({ row: row.row, result: parseImportRow(row.values, definitions) }));
  const emails = [...new Set(parsed.flatMap(({ result }) => (result.ok ? [result.data.emailNormalised] : [])))];
  const erased = new Set<string>();
  const [existing, claimed] = await Promise.all([
    ports.contacts.existingEmails(emails),
    ports.imports.claimedRows(
      importId,
      parsed.map(({ row }) => row),
    ),
    inParallel(emails, ERASED_CHECKS, async (email) => {
      if (await ports.isErased(email)) erased.add(email);
    }),
  ]);
  for (const { row, result } of parsed) {
    // The import's order: a row claimed before is skipped unread; then bad values, then erased people.
    if (claimed.has(row)) report.skipped += 1;
    else if (!result.ok) addRejection(report, { row, reason: result.reason });
    else if (erased.has(result.data.emailNormalised)) addRejection(report, { row, reason: ERASED_ROW_REASON });
    else {
      report[existing.has(result.data.emailNormalised) || seen.has(result.data.emailNormalised) ? 'merged' : 'created'] += 1;
      seen.add(result.data.emailNormalised);
    }
  }
}
