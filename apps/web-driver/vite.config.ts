import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Built into dist/web/driver and served by the booking API at /driver/ (scripts/web-apps.mjs).
const repo = resolve(__dirname, '../..');

export default defineConfig({
  root: __dirname,
  base: '/driver/',
  publicDir: resolve(__dirname, 'public'),
  resolve: { alias: { '@app/web-ui': resolve(repo, 'libs/web-ui/src') } },
  plugins: [
    {
      // osrm-text-instructions loads all its 35 languages; the app needs German and English.
      name: 'osrm-text-instructions-de-en',
      enforce: 'pre',
      resolveId(source, importer) {
        if (source === './languages' && importer?.includes('osrm-text-instructions')) {
          return resolve(__dirname, 'src/osrm-languages-de-en.cjs');
        }
        return null;
      },
    },
  ],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(repo, 'dist/web/driver'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
});
