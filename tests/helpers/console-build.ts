import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A stand-in for `npm run build:console` (Vite's `console/dist`): an index.html that loads one
 * content-hashed script under assets/, in a fresh directory, so infra tests synth without a build.
 */
export function aConsoleBuild(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadflow-console-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script>\n');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'document.getElementById("root").textContent = "leadflow";\n');
  return dir;
}
