import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Built into dist/web/rider and served by the booking API at /rider/ (scripts/web-apps.mjs).
const repo = resolve(__dirname, '../..');

export default defineConfig({
  root: __dirname,
  base: '/rider/',
  publicDir: resolve(__dirname, 'public'),
  resolve: { alias: { '@app/web-ui': resolve(repo, 'libs/web-ui/src') } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(repo, 'dist/web/rider'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
});
