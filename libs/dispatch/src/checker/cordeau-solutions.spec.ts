import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCordeau, routesFromNodeIds } from '../benchmark/cordeau-format';
import { checkSolution } from './solution-checker';

const DIR = path.resolve(__dirname, '../../../../bench/darp/instances');
const files = fs.readdirSync(path.join(DIR, 'solutions')).filter((f) => f.endsWith('.json'));

const load = (file: string) => {
  const sol = JSON.parse(fs.readFileSync(path.join(DIR, 'solutions', file), 'utf8')) as {
    instance: string;
    cost: number;
    routes: number[][];
  };
  const parsed = parseCordeau(
    sol.instance,
    fs.readFileSync(path.join(DIR, `${sol.instance}.txt`), 'utf8'),
  );
  return { sol, parsed, plans: routesFromNodeIds(parsed, sol.routes) };
};

describe('checker on the verified optimal Cordeau solutions', () => {
  it('finds the solution files', () => {
    expect(files.length).toBeGreaterThanOrEqual(27);
  });

  it.each(files)('accepts %s at its stated cost', (file) => {
    const { sol, parsed, plans } = load(file);
    const res = checkSolution(parsed.instance, plans);
    expect(res.violations).toEqual([]);
    expect(res.cost).toBeCloseTo(sol.cost, 4);
  });

  it('catches a drop-off moved before its pickup and a missing request', () => {
    const { parsed, sol } = load('a2-16.json');
    const swapped = sol.routes.map((r) => r.slice());
    [swapped[0][0], swapped[0][2]] = [swapped[0][2], swapped[0][0]];
    expect(checkSolution(parsed.instance, routesFromNodeIds(parsed, swapped)).feasible).toBe(false);
    const missing = [sol.routes[0].filter((n) => n !== 10 && n !== 26), sol.routes[1]];
    const res = checkSolution(parsed.instance, routesFromNodeIds(parsed, missing));
    expect(res.violations).toContain('request 10 is not served');
  });

  it('catches a broken ride-time limit', () => {
    const { parsed, sol } = load('a2-16.json');
    const tight = {
      ...parsed.instance,
      requests: parsed.instance.requests.map((r) => ({ ...r, maxRideS: 5 })),
    };
    expect(checkSolution(tight, routesFromNodeIds(parsed, sol.routes)).feasible).toBe(false);
  });
});
