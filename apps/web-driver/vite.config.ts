import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Built into dist/web/driver and served by the booking API at /driver/ (scripts/web-apps.mjs).
const repo = resolve(__dirname, '../..');

export default defineConfig({
  root: __dirname,
  base: '/driver/',
  publicDir: resolve(__dirname, 'public'),
  resolve: { alias: { '@app/web-ui': resolve(repo, 'libs/web-ui/src') } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(repo, 'dist/web/driver'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
});
