import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const USE_CASES = resolve(import.meta.dirname, '../../shared/use-cases');
const STORE = resolve(import.meta.dirname, '../../shared/store');

/** Every module a source file names: static imports, `export … from`, `import type`, dynamic `import()`. */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/** The imports of a file in `directory` that reach into shared/store, by alias or by relative path. */
function storeImportsOf(source: string, directory = USE_CASES): string[] {
  return importsOf(source).filter((specifier) => {
    if (specifier === '#shared/store' || specifier.startsWith('#shared/store/')) return true;
    if (!specifier.startsWith('.')) return false;
    const target = relative(STORE, resolve(directory, specifier));
    return target === '' || !target.startsWith('..');
  });
}

const useCaseFiles = readdirSync(USE_CASES)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, path: join(USE_CASES, name), source: readFileSync(join(USE_CASES, name), 'utf8') }));

describe('the boundary between use cases and the store', () => {
  it('finds store imports however they are written', () => {
    expect(storeImportsOf("import { keys } from '#shared/store/keys';")).toEqual(['#shared/store/keys']);
    expect(storeImportsOf("import type { Page } from '#shared/store/pagination';")).toEqual(['#shared/store/pagination']);
    expect(storeImportsOf("import {\n  type ContactRepository,\n  OrderAlreadyRecordedError,\n} from '#shared/store/contact-repository';")).toHaveLength(1);
    expect(storeImportsOf("export { ConcurrentWriteError } from '#shared/store/errors';")).toHaveLength(1);
    expect(storeImportsOf("const store = await import('#shared/store/mailing-repository');")).toHaveLength(1);
    expect(storeImportsOf("import { keys } from '../store/keys';")).toEqual(['../store/keys']);
    expect(storeImportsOf("import type { Clock } from './ports';\nimport { eventCatalog } from '#shared/events/catalog';")).toEqual([]);
  });

  it('reads every use case', () => {
    expect(useCaseFiles.map((file) => file.name)).toEqual(expect.arrayContaining(['capture-lead.ts', 'ports.ts', 'port-errors.ts']));
    expect(useCaseFiles.length).toBeGreaterThan(20);
  });

  it('no use case imports the store, neither its code nor its types', () => {
    const offenders = useCaseFiles.flatMap((file) => storeImportsOf(file.source, dirname(file.path)).map((specifier) => `${file.name} imports ${specifier}`));
    expect(offenders).toEqual([]);
  });

  it('use cases state their ports as interfaces of their own, not as picks of a repository', () => {
    const offenders = useCaseFiles.filter((file) => /\b[A-Z]\w*Repository\b/.test(file.source)).map((file) => file.name);
    expect(offenders).toEqual([]);
  });
});
