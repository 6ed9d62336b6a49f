import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCordeau } from '../benchmark/cordeau-format';
import { compileInstance } from '../core/compiled-instance';
import { routeSetFromPlans } from '../core/plan-conversion';
import { createRng } from '../model/seeded-rng';
import { cloneRouteSet } from './lns-solver';
import { stringRemoval } from './removal-operators';
import { solveDarp } from './solve-darp';

const DIR = path.resolve(__dirname, '../../../../bench/darp/instances');

describe('string removal', () => {
  const parsed = parseCordeau('a4-40', fs.readFileSync(path.join(DIR, 'a4-40.txt'), 'utf8'));
  const ci = compileInstance(parsed.instance);
  const solved = routeSetFromPlans(
    ci,
    solveDarp(parsed.instance, { seed: 1, maxIterations: 300 }).plans,
  );
  const remove = stringRemoval(ci);

  it('takes at most q requests, each with a stop in a run of consecutive stops it cut', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rs = cloneRouteSet(solved);
      const q = 2 + (seed % 9);
      const out = remove(rs, q, createRng(seed));
      expect(out.length).toBeGreaterThan(0);
      expect(out.length).toBeLessThanOrEqual(q);
      expect(new Set(out).size).toBe(out.length);
      for (const r of out) expect(rs.vehicleOf[r]).toBe(-1);
      // Per route, the removed requests' stops form runs: on a route that lost two or more
      // requests, some two of its removed stops were next to each other before.
      for (let v = 0; v < ci.nVeh; v++) {
        const before = solved.routes[v];
        const cut = before.map(
          (n) => out.includes(n < ci.nReq ? n : n - ci.nReq) && n < 2 * ci.nReq,
        );
        if (out.filter((r) => solved.vehicleOf[r] === v).length < 2) continue;
        expect(cut.some((c, k) => c && cut[k + 1])).toBe(true);
      }
      // The routes keep every other stop in order.
      for (let v = 0; v < ci.nVeh; v++) {
        const kept = solved.routes[v].filter((n) => n >= 2 * ci.nReq || !out.includes(n % ci.nReq));
        expect(rs.routes[v]).toEqual(kept);
      }
    }
  });
});
