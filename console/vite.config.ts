import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The console's build: one single-page app under console/dist, served by the local gateway at `/`
 * and in AWS from S3 behind CloudFront. Screens are split into lazily loaded chunks; hashed file
 * names under assets/ let both hosts cache them for a year.
 */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // dist/.vite/manifest.json: which chunks each screen loads (the bench adds up their gzipped sizes).
    manifest: true,
    // The bench measures what a screen needs gzipped; a warning at this size is noise.
    chunkSizeWarningLimit: 800,
  },
});
