import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC_GROUPS } from './metrics.module';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry';

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: Array<{ refId: string; expr: string; datasource?: { uid: string } }>;
  panels?: Panel[];
}

const dashboard = JSON.parse(
  readFileSync(join(__dirname, '../../../../infra/grafana/ridepool.json'), 'utf8'),
) as {
  uid: string;
  title: string;
  schemaVersion: number;
  templating: { list: Array<{ name: string; type: string; query: string }> };
  panels: Panel[];
};
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const targets = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p, ...t })));

/** What the code registers: every app's registry holds all groups and Node's default metrics. */
async function registered(): Promise<Map<string, string>> {
  const metrics = new MetricsRegistry('dashboard-spec');
  for (const Group of METRIC_GROUPS) new Group(metrics);
  const json = await metrics.registry.getMetricsAsJSON();
  return new Map(json.map((m) => [m.name, String(m.type)]));
}

/** The series names a histogram or summary exposes besides its own name. */
function exposedNames(all: Map<string, string>): Set<string> {
  const names = new Set<string>();
  for (const [name, type] of all) {
    names.add(name);
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((s) => names.add(name + s));
    if (type === 'summary') ['_sum', '_count'].forEach((s) => names.add(name + s));
  }
  return names;
}

describe('infra/grafana/ridepool.json', () => {
  it('is a Grafana dashboard with the Prometheus data source as a variable', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels) {
      expect(p.gridPos.w).toBeGreaterThan(0);
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      if (p.type === 'row') continue;
      expect(p.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets?.length).toBeGreaterThan(0);
    }
  });

  it('queries only metrics the code registers, so the two cannot drift apart', async () => {
    const names = exposedNames(await registered());
    const unknown = targets.flatMap((t) =>
      [...t.expr.matchAll(/\bridepool_[a-z0-9_]+/g)]
        .map((m) => m[0])
        .filter((n) => !names.has(n))
        .map((n) => `${t.panel.title}: ${n}`),
    );
    expect(unknown).toEqual([]);
  });

  it("shows every metric of the apps' own (not Node's defaults) in some panel", async () => {
    const own = [...(await registered()).keys()].filter(
      (n) => !/^ridepool_(process|nodejs)_/.test(n),
    );
    expect(own.length).toBeGreaterThan(10);
    const queried = targets.map((t) => t.expr).join('\n');
    expect(
      own.filter((n) => !new RegExp(`\\b${n}(_bucket|_sum|_count)?\\b`).test(queried)),
    ).toEqual([]);
    expect(own.every((n) => n.startsWith(METRIC_PREFIX))).toBe(true);
  });

  it('has the big "promise violations (must be 0)" stat, red from 1', () => {
    const stat = panels.find((p) => /promise violations \(must be 0\)/i.test(p.title));
    expect(stat?.type).toBe('stat');
    expect(stat?.targets?.[0].expr).toContain('ridepool_promise_violations');
    expect(stat?.gridPos.h).toBeGreaterThanOrEqual(6);
  });
});
