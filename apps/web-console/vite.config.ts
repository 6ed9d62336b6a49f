import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The operator console, served by the booking API at /console/. */
const repo = resolve(__dirname, '../..');

export default defineConfig({
  root: resolve(__dirname),
  base: '/console/',
  // The console shares libs/web-ui with the rider and driver apps (its server clock); that lib's
  // sign-in component is JSX for Preact.
  resolve: { alias: { '@app/web-ui': resolve(repo, 'libs/web-ui/src') } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(repo, 'dist/web/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
});
