import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCordeau, routesFromNodeIds } from '../benchmark/cordeau-format';
import { compileInstance } from './compiled-instance';
import { routeSetFromPlans } from './plan-conversion';
import { RouteEvaluator } from './route-evaluator';

const DIR = path.resolve(__dirname, '../../../../bench/darp/instances');
const files = fs.readdirSync(path.join(DIR, 'solutions')).filter((f) => f.endsWith('.json'));

// Optimal routes sit on their limits, where the eight-step procedure needs its fallback for
// about one in twenty: the least-schedule test must accept every one of them on its own.
describe('least-schedule test on the verified optimal Cordeau routes', () => {
  it.each(files)('accepts every route of %s', (file) => {
    const sol = JSON.parse(fs.readFileSync(path.join(DIR, 'solutions', file), 'utf8')) as {
      instance: string;
      routes: number[][];
    };
    const parsed = parseCordeau(
      sol.instance,
      fs.readFileSync(path.join(DIR, `${sol.instance}.txt`), 'utf8'),
    );
    const ci = compileInstance(parsed.instance);
    const rs = routeSetFromPlans(ci, routesFromNodeIds(parsed, sol.routes));
    const evaluator = new RouteEvaluator(ci);
    rs.routes.forEach((route, v) =>
      expect(evaluator.hasSchedule(route, route.length, v)).toBe(true),
    );

    // The same routes with every ride limit cut to a third cannot all be kept.
    const tight = compileInstance({
      ...parsed.instance,
      requests: parsed.instance.requests.map((r) => ({ ...r, maxRideS: r.maxRideS / 3 })),
    });
    const tightRs = routeSetFromPlans(tight, routesFromNodeIds(parsed, sol.routes));
    const tightEvaluator = new RouteEvaluator(tight);
    const kept = tightRs.routes.map((route, v) =>
      tightEvaluator.hasSchedule(route, route.length, v),
    );
    expect(kept).toContain(false);
  });
});
