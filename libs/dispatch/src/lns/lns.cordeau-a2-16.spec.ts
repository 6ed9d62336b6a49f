import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCordeau } from '../benchmark/cordeau-format';
import { checkSolution } from '../checker/solution-checker';
import { solveDarp } from './solve-darp';

const DIR = path.resolve(__dirname, '../../../../bench/darp/instances');
const BKS = 294.25;

describe('LNS on Cordeau a2-16 (iteration budget)', () => {
  it('ends feasible and within 3% of the optimum', () => {
    const parsed = parseCordeau('a2-16', fs.readFileSync(path.join(DIR, 'a2-16.txt'), 'utf8'));
    const sol = solveDarp(parsed.instance, { seed: 3, maxIterations: 3000 });
    const check = checkSolution(parsed.instance, sol.plans);
    expect(check.violations).toEqual([]);
    expect(sol.unassigned).toEqual([]);
    expect(check.cost).toBeLessThanOrEqual(BKS * 1.03);
    expect(check.cost).toBeGreaterThanOrEqual(BKS - 0.01);
  });
});
