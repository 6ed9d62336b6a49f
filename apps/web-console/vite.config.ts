import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The operator console, served by the booking API at /console/. */
export default defineConfig({
  root: resolve(__dirname),
  base: '/console/',
  build: {
    outDir: resolve(__dirname, '../../dist/web/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
});
