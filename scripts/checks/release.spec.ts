// What a county's IT department relies on before it deploys (issue 12): an open licence, the
// supported Node.js line everywhere, the CI steps that prove the production boot, and the
// attributions the bundled data demands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (f: string): string => readFileSync(join(ROOT, f), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  license: string;
  engines: { node: string };
  scripts: Record<string, string>;
};

describe('licence', () => {
  it('is the EUPL-1.2 in package.json and LICENSE', () => {
    expect(pkg.license).toBe('EUPL-1.2');
    expect(read('LICENSE')).toMatch(/^EUROPEAN UNION PUBLIC LICENCE v\. 1\.2/);
  });

  it('names the licences of the bundled data', () => {
    const notices = read('THIRD_PARTY_NOTICES.md');
    expect(notices).toContain('© OpenStreetMap contributors, Open Database License (ODbL 1.0)');
    expect(notices).toMatch(/Deutsche Bahn AG, Creative Commons Attribution 4\.0 \(CC BY 4\.0\)/);
    expect(notices).toContain('Destatis');
  });
});

describe('Node.js 22', () => {
  it('is required by engines (nestjs-pino needs 22.12)', () => {
    expect(pkg.engines.node).toBe('>=22.12');
  });

  it('is the base of every stage of the image', () => {
    const stages = new Set<string>();
    const images: string[] = [];
    for (const [, image, stage] of read('docker/Dockerfile').matchAll(
      /^FROM (\S+)(?: AS (\S+))?/gm,
    )) {
      if (!stages.has(image)) images.push(image);
      if (stage) stages.add(stage);
    }
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^node:22-/);
  });

  it('runs the tests in CI, installed from the npm registry where the machine has an older one', () => {
    const ci = read('.ci/run');
    const setup = read('scripts/setup/machine.sh');
    expect(setup).toMatch(/npm install --prefix "\$dir"[^\n]*\\\n\s*"node-linux-\$arch@22"/);
    const node22 = ci.indexOf('ensure_node22');
    expect(node22).toBeGreaterThan(0);
    expect(ci.indexOf('npm test')).toBeGreaterThan(node22);
    expect(ci.indexOf('ensure_node_modules')).toBeGreaterThan(node22);
  });
});

describe('CI', () => {
  it('runs the production smoke check after the test suite', () => {
    const ci = read('.ci/run');
    expect(pkg.scripts['test:prod-smoke']).toBe('node scripts/prod-smoke.mjs');
    expect(ci.indexOf('npm run test:prod-smoke')).toBeGreaterThan(ci.indexOf('npm test'));
    expect(ci).toMatch(/^set -euo pipefail$/m);
  });
});
