import path from 'node:path';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';

/** The file Lambda loads: `index.handler` is the handler setting of every function. */
export const BUNDLE_ENTRY_FILE = 'index.mjs';

/**
 * NODE_OPTIONS of every function: stack traces point into the sources. Node reads a module's source
 * map when it loads the module, so the maps leave the sources' text out (`sourcesContent`): that
 * makes them a quarter of the size and the capture function's cold start ~10 % faster than with it.
 */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';

/**
 * How every function is bundled, by CDK (./product-function.ts) and by `npm run bench` alike: one ESM
 * entry, minified, with source maps and the AWS SDK included (pinned to the version the tests ran
 * against), split into chunks so that what a handler imports dynamically (the SES and Secrets Manager
 * clients, the SDK's rarer credential providers) is a file of its own, loaded only when first used.
 */
export function functionBuildOptions(entry: string, outdir: string, options: { external?: string[] } = {}): BuildOptions & { metafile: true } {
  return {
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    splitting: true,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    external: options.external ?? [],
    // ESM bundles still meet CommonJS dependencies that call require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  };
}

/** Bundles `entry` into `outdir` (index.mjs plus chunks); the metafile says what went where. */
export function bundleFunction(entry: string, outdir: string, options: { external?: string[] } = {}): Metafile {
  return buildSync(functionBuildOptions(entry, outdir, options)).metafile;
}

/**
 * The JavaScript files a cold start loads: the entry and every chunk it imports statically, not the
 * ones behind a dynamic `import()`. Paths are the metafile's (relative to the working directory).
 */
export function coldStartFiles(metafile: Metafile): string[] {
  const entry = Object.keys(metafile.outputs).find((file) => path.basename(file) === BUNDLE_ENTRY_FILE);
  if (!entry) throw new Error(`the bundle has no ${BUNDLE_ENTRY_FILE}`);
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? [])
      if (imported.kind === 'import-statement' && imported.path in metafile.outputs) visit(imported.path);
  };
  visit(entry);
  return [...loaded];
}
