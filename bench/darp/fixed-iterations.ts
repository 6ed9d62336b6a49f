/**
 * Fixed-iteration comparison of engine variants (deterministic for a seed, so independent of
 * the machine's load): npx tsx bench/darp/fixed-iterations.ts [--seed N] [--jobs N]
 * NAME=ITERATIONS ... Solves each Cordeau instance with the given iteration budget (route pool
 * recombined by HiGHS at the usual share of the budget), re-checks it with the independent
 * checker and prints cost, gap to bks.csv and iterations/s.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as dispatch from '@app/dispatch';

const INSTANCES = path.join(__dirname, 'instances');

interface Job {
  name: string;
  iterations: number;
  seed: number;
}

function bks(): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of fs.readFileSync(path.join(INSTANCES, 'bks.csv'), 'utf8').split('\n')) {
    const f = line.split(',');
    if (f.length > 5 && Number.isFinite(Number(f[5]))) m.set(f[0], Number(f[5]));
  }
  return m;
}

async function solve(job: Job): Promise<string> {
  const partitioner = await dispatch.createHighsSetPartitioner();
  const file = path.join(INSTANCES, `${job.name}.txt`);
  const parsed = dispatch.parseCordeau(job.name, fs.readFileSync(file, 'utf8'));
  const t0 = performance.now();
  const s = dispatch.solveDarp(parsed.instance, {
    seed: job.seed,
    maxIterations: job.iterations,
    setPartitioner: partitioner,
  });
  const t = (performance.now() - t0) / 1000;
  const check = dispatch.checkSolution(parsed.instance, s.plans);
  const b = bks().get(job.name) ?? NaN;
  const gap = (100 * (check.cost - b)) / b;
  return [
    job.name,
    job.iterations,
    check.cost.toFixed(2),
    gap.toFixed(2),
    check.feasible && s.unassigned.length === 0 ? 'feasible' : 'INFEASIBLE',
    (s.stats.iterations / t).toFixed(0),
    `${s.stats.recombinations.improved}/${s.stats.recombinations.run}`,
  ].join('\t');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let seed = 1;
  let jobs = 1;
  const list: Job[] = [];
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--seed') seed = Number(argv[++k]);
    else if (argv[k] === '--jobs') jobs = Number(argv[++k]);
    else {
      const [name, it] = argv[k].split('=');
      list.push({ name, iterations: Number(it), seed });
    }
  }
  list.forEach((j) => (j.seed = seed));
  const gaps: number[] = [];
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < list.length) {
      const job = list[next++];
      const line = await new Promise<string>((resolve, reject) => {
        const w = new Worker(__filename, { workerData: job, execArgv: process.execArgv });
        w.once('message', resolve);
        w.once('error', reject);
      });
      gaps.push(Number(line.split('\t')[3]));
      console.log(line);
    }
  };
  await Promise.all(Array.from({ length: jobs }, run));
  console.log(`mean gap ${(gaps.reduce((a, b) => a + b, 0) / gaps.length).toFixed(3)} %`);
}

if (isMainThread) void main();
else void solve(workerData as Job).then((line) => parentPort?.postMessage(line));
