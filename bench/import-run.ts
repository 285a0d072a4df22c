/**
 * One import in a fresh process (so its peak RSS is its own): `tsx bench/import-run.ts <rows>` with the
 * bench environment set; prints `{ rows, seconds, rowsPerSecond, peakRssMb }`.
 */
import { randomUUID } from 'node:crypto';
import { newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { ImportRepository } from '#shared/store/import-repository';
import { importContacts } from '#shared/use-cases/import-contacts';

const rows = Number(process.argv[2] ?? 10_000);
const prefix = randomUUID().slice(0, 8);
const lines = ['E-Mail;Vorname;Nachname;Firma'];
for (let index = 0; index < rows; index += 1) lines.push(`${prefix}-${index}@fair.example;Vor${index};Nach${index};Firma ${index % 50}`);
const bytes = Buffer.from(lines.join('\r\n'), 'utf8');
lines.length = 0;

const ports = { ...repositoriesFor(tableRef()), imports: new ImportRepository(tableRef()), isErased: async () => false, clock: systemClock, newId };
const started = performance.now();
const summary = await importContacts(ports, { bytes, topics: [] });
const seconds = (performance.now() - started) / 1000;
if (summary.created !== rows) throw new Error(`imported ${summary.created} of ${rows}`);
process.stdout.write(JSON.stringify({ rows, seconds, rowsPerSecond: rows / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
process.exit(0);
