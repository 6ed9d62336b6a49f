import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkSolution, parseCordeau, routesToNodeIds, solveDarp } from '@app/dispatch';

export interface SolveJob {
  file: string;
  timeLimitS: number;
  seed: number;
}

export interface SolveOutcome {
  instance: string;
  cost: number;
  feasible: boolean;
  violations: string[];
  unassigned: number;
  timeS: number;
  iterations: number;
  routes: number[][];
}

/** Solves one Cordeau file within the time limit and re-checks it with the independent checker. */
export function solveInstance(job: SolveJob): SolveOutcome {
  const name = path.basename(job.file, '.txt');
  const parsed = parseCordeau(name, fs.readFileSync(job.file, 'utf8'));
  const t0 = performance.now();
  const solution = solveDarp(parsed.instance, {
    seed: job.seed,
    // The clock bounds the search only; keep a margin for construction, the last iteration and
    // the final schedules so the whole solve stays within the limit.
    timeLimitMs: Math.max(100, job.timeLimitS * 1000 - 300),
    now: () => performance.now(),
  });
  const timeS = (performance.now() - t0) / 1000;
  const check = checkSolution(parsed.instance, solution.plans);
  return {
    instance: name,
    cost: check.cost,
    feasible: check.feasible,
    violations: check.violations.slice(0, 5),
    unassigned: solution.unassigned.length,
    timeS,
    iterations: solution.stats.iterations,
    routes: routesToNodeIds(parsed, solution.plans),
  };
}
