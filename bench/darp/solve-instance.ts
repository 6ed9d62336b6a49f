import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as dispatch from '@app/dispatch';
import type { SetPartitioner } from '@app/dispatch';

export interface SolveJob {
  file: string;
  timeLimitS: number;
  seed: number;
  /** Recombine the route pool by set partitioning (HiGHS). */
  recombine: boolean;
  /**
   * Folder of a frozen copy of `libs/dispatch` (the baseline of the speed comparison); the
   * current engine when absent.
   */
  engineDir?: string;
}

export interface SolveOutcome {
  instance: string;
  timeLimitS: number;
  engine: 'current' | 'baseline';
  cost: number;
  feasible: boolean;
  violations: string[];
  unassigned: number;
  timeS: number;
  iterations: number;
  routes: number[][];
}

type Engine = Pick<typeof dispatch, 'parseCordeau' | 'solveDarp' | 'routesToNodeIds'>;

const engines = new Map<string, Engine>();

/** The engine a job asks for; a frozen copy is loaded once per worker (through tsx). */
function engineOf(dir: string | undefined): Engine {
  if (!dir) return dispatch;
  let e = engines.get(dir);
  if (!e) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by path at run time
    e = require(path.join(dir, 'libs/dispatch/src/index.ts')) as Engine;
    engines.set(dir, e);
  }
  return e;
}

/**
 * Solves one Cordeau file within the time limit and re-checks it with the current independent
 * checker (also for the baseline engine).
 */
export function solveInstance(job: SolveJob, partitioner?: SetPartitioner): SolveOutcome {
  const engine = engineOf(job.engineDir);
  const name = path.basename(job.file, '.txt');
  const parsed = engine.parseCordeau(name, fs.readFileSync(job.file, 'utf8'));
  const t0 = performance.now();
  const solution = engine.solveDarp(parsed.instance, {
    seed: job.seed,
    // The clock bounds the search only; keep a margin for construction, the last iteration and
    // the final schedules so the whole solve stays within the limit.
    timeLimitMs: Math.max(100, job.timeLimitS * 1000 - 300),
    now: () => performance.now(),
    ...(job.recombine && partitioner && !job.engineDir ? { setPartitioner: partitioner } : {}),
  });
  const timeS = (performance.now() - t0) / 1000;
  const check = dispatch.checkSolution(parsed.instance, solution.plans);
  return {
    instance: name,
    timeLimitS: job.timeLimitS,
    engine: job.engineDir ? 'baseline' : 'current',
    cost: check.cost,
    feasible: check.feasible,
    violations: check.violations.slice(0, 5),
    unassigned: solution.unassigned.length,
    timeS,
    iterations: solution.stats.iterations,
    routes: engine.routesToNodeIds(parsed, solution.plans),
  };
}
