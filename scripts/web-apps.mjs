// The browser apps live in apps/web-*/ (each with a vite.config.ts) and build into dist/web/<name>,
// which the booking API serves at /<name>/. `node scripts/web-apps.mjs build|typecheck`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const apps = readdirSync(join(root, 'apps')).filter(
  (d) => d.startsWith('web-') && existsSync(join(root, 'apps', d, 'vite.config.ts')),
);
const run = (cmd, args) =>
  execFileSync(join(root, 'node_modules/.bin', cmd), args, { cwd: root, stdio: 'inherit' });

const command = process.argv[2];
if (apps.length === 0) {
  console.log('no web apps');
} else if (command === 'build') {
  for (const app of apps) run('vite', ['build', '--config', join('apps', app, 'vite.config.ts')]);
} else if (command === 'typecheck') {
  run('tsc', ['-p', 'tsconfig.web.json']);
} else {
  console.error('usage: web-apps.mjs build|typecheck');
  process.exit(2);
}
