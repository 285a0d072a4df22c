import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableRef } from '#shared/container';
import { round } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');

function runImport(rows: number): { rowsPerSecond: number; peakRssMb: number } {
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  return JSON.parse(execFileSync(tsx, ['bench/import-run.ts', String(rows)], { cwd: ROOT, env: process.env, maxBuffer: 1 << 20 }).toString()) as {
    rowsPerSecond: number;
    peakRssMb: number;
  };
}

/** Plain single-item puts at the import's concurrency (16): what one write per row would achieve. */
async function baselinePutsPerSecond(items: number, concurrency: number): Promise<number> {
  const table = tableRef();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items) {
        next += 1;
        const id = randomUUID();
        await table.client.send(
          new PutCommand({
            TableName: table.tableName,
            Item: { pk: `BENCH#${id}`, sk: 'PUT', email: `${id}@bench.example`, firstName: 'Vor', lastName: 'Nach' },
          }),
        );
      }
    }),
  );
  return items / ((performance.now() - started) / 1000);
}

export async function benchImport(rows: number): Promise<Record<string, number>> {
  const baseline = await baselinePutsPerSecond(5000, 16);
  const small = runImport(10_000);
  const large = runImport(rows);
  return {
    'import.rows': rows,
    'import.rowsPerSecond': round(large.rowsPerSecond, 1),
    'import.baselinePutsPerSecond': round(baseline, 1),
    'import.efficiency': round(large.rowsPerSecond / baseline, 3),
    'import.peakRssMb10k': round(small.peakRssMb, 1),
    'import.peakRssMb': round(large.peakRssMb, 1),
  };
}
