import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCordeau } from '../benchmark/cordeau-format';
import { checkSolution } from '../checker/solution-checker';
import { solveDarp } from '../lns/solve-darp';
import { createHighsSetPartitioner } from './highs-set-partitioner';
import type { SetPartitioner, SetPartitioningModel } from './set-partitioning.port';

const DIR = path.resolve(__dirname, '../../../../bench/darp/instances');
const a3_24 = () => parseCordeau('a3-24', fs.readFileSync(path.join(DIR, 'a3-24.txt'), 'utf8'));

describe('route pool recombined by set partitioning (HiGHS)', () => {
  it('ends with a solution the independent checker accepts', async () => {
    const partitioner = await createHighsSetPartitioner();
    const seen: SetPartitioningModel[] = [];
    const spy: SetPartitioner = {
      solve: (model) => {
        seen.push(model);
        return partitioner.solve(model);
      },
    };
    const parsed = a3_24();
    const options = { seed: 4, maxIterations: 600, recombineTimeS: 10 };
    const pooled = solveDarp(parsed.instance, { ...options, setPartitioner: spy });
    const check = checkSolution(parsed.instance, pooled.plans);
    expect(check.violations).toEqual([]);
    expect(pooled.unassigned).toEqual([]);
    expect(check.cost).toBeCloseTo(pooled.cost, 6);
    expect(pooled.stats.recombinations.run).toBe(1);
    // The model covers every request once and starts from a solution the search found.
    expect(seen[0].rows).toBe(24);
    expect(seen[0].start?.length).toBeGreaterThan(0);
  });

  it('ignores an answer that does not cover every request exactly once', () => {
    const parsed = a3_24();
    const wrong: SetPartitioner = { solve: (model) => [0, ...(model.start ?? [])] };
    const sol = solveDarp(parsed.instance, { seed: 2, maxIterations: 200, setPartitioner: wrong });
    expect(checkSolution(parsed.instance, sol.plans).violations).toEqual([]);
    expect(sol.stats.recombinations.improved).toBe(0);
  });
});
