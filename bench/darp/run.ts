/**
 * Cordeau DARP benchmark: npm run bench:darp -- [--time-limits 10,60] [--out DIR] [--seed N]
 * [--jobs N] [--no-recombine] [--baseline COMMIT] [--speed-instance NAME] [--speed-seconds S]
 * [--speed-rounds N] [--no-speed] [PATH ...]. Solves each instance (construction + adaptive LNS
 * + route-pool recombination) once per time limit, re-checks it with the independent checker,
 * compares today's iterations per second against a frozen copy of the engine at COMMIT in the
 * same run, prints the tables and writes them to BENCHMARKS.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { extractBaseline } from './baseline-engine';
import { renderReport, renderSpeed, writeSection, type ReportRow } from './benchmarks-report';
import type { SolveJob, SolveOutcome } from './solve-instance';

const ROOT = path.resolve(__dirname, '../..');
const INSTANCES = path.join(__dirname, 'instances');
/** The engine before issue 13 ("performance at scale"), the reference of the speed figure. */
const DEFAULT_BASELINE = 'a0d2c20';

interface Args {
  timeLimitsS: number[];
  out?: string;
  seed: number;
  jobs: number;
  recombine: boolean;
  baseline: string;
  speedInstance: string;
  speedSeconds: number;
  speedRounds: number;
  speed: boolean;
  paths: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    timeLimitsS: [10, 60],
    seed: 1,
    jobs: Math.min(2, os.availableParallelism()),
    recombine: true,
    baseline: DEFAULT_BASELINE,
    speedInstance: 'b8-80',
    speedSeconds: 10,
    speedRounds: 3,
    speed: true,
    paths: [],
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--time-limit' || a === '--time-limits') {
      args.timeLimitsS = argv[++k].split(',').map(Number);
    } else if (a === '--out') args.out = argv[++k];
    else if (a === '--seed') args.seed = Number(argv[++k]);
    else if (a === '--jobs') args.jobs = Math.max(1, Number(argv[++k]));
    else if (a === '--no-recombine') args.recombine = false;
    else if (a === '--baseline') args.baseline = argv[++k];
    else if (a === '--speed-instance') args.speedInstance = argv[++k];
    else if (a === '--speed-seconds') args.speedSeconds = Number(argv[++k]);
    else if (a === '--speed-rounds') args.speedRounds = Number(argv[++k]);
    else if (a === '--no-speed') args.speed = false;
    else args.paths.push(a);
  }
  if (!args.timeLimitsS.every((t) => t > 0)) {
    throw new Error('--time-limits must be positive numbers of seconds, e.g. 10,60');
  }
  return args;
}

/** Files as given; folders contribute their Cordeau .txt files in natural order. */
function collectFiles(paths: string[]): string[] {
  const roots = paths.length > 0 ? paths : [INSTANCES];
  const files: string[] = [];
  for (const p of roots) {
    const abs = path.resolve(p);
    if (fs.statSync(abs).isDirectory()) {
      for (const f of fs.readdirSync(abs))
        if (/^(a|b|pr)\d.*\.txt$/.test(f)) files.push(path.join(abs, f));
    } else files.push(abs);
  }
  const key = (f: string): string => path.basename(f).replace(/\d+/g, (d) => d.padStart(4, '0'));
  return files.sort((x, y) => key(x).localeCompare(key(y)));
}

function readBks(): Map<string, number> {
  const text = fs.readFileSync(path.join(INSTANCES, 'bks.csv'), 'utf8');
  const out = new Map<string, number>();
  for (const line of text.split('\n').slice(1)) {
    const cols = line.split(',');
    if (cols.length > 5) out.set(cols[0], Number(cols[5]));
  }
  return out;
}

/** A small pool: each worker thread solves one instance at a time (two cores, two workers). */
async function solveAll(jobs: SolveJob[], threads: number): Promise<SolveOutcome[]> {
  const results: SolveOutcome[] = new Array(jobs.length);
  let next = 0;
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      // Worker threads do not inherit tsx's loader, so the bootstrap registers it first.
      const entry = JSON.stringify(path.join(__dirname, 'solve.worker.ts'));
      const worker = new Worker(`require('tsx/cjs'); require(${entry});`, { eval: true });
      const feed = (): void => {
        if (next >= jobs.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const k = next++;
        worker.once('message', (res: SolveOutcome) => {
          results[k] = res;
          console.log(
            `${res.instance.padEnd(6)} ${String(res.timeLimitS).padStart(3)} s ${res.engine.padEnd(8)} cost ${res.cost.toFixed(2).padStart(8)}  ${res.timeS.toFixed(1)} s  ${(res.iterations / res.timeS).toFixed(0).padStart(6)} it/s  ${res.feasible ? 'feasible' : 'INFEASIBLE ' + res.violations.join('; ')}`,
          );
          feed();
        });
        worker.postMessage(jobs[k]);
      };
      worker.once('error', reject);
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(threads, jobs.length) }, runWorker));
  return results;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const files = collectFiles(args.paths);
  const bks = readBks();
  const machine =
    `${args.jobs} worker thread(s) on ${os.availableParallelism()} cores ` +
    `(${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}, load average at start ` +
    `${os.loadavg()[0].toFixed(1)} (a machine shared with other work: figures per second and ` +
    `the gaps within a time limit depend on what else ran)`;
  const sections = [
    `## DARP (Cordeau and Ropke instances)\n\n` +
      `\`npm run bench:darp\`: construction + adaptive LNS` +
      (args.recombine
        ? ' + (from 30 s) the route pool recombined once by set partitioning (HiGHS)'
        : '') +
      `, seed ${args.seed}, ${machine}. Cost = unrounded Euclidean distance; every solution ` +
      `re-checked by the independent checker; BKS from \`bench/darp/instances/bks.csv\` (the ` +
      `b- and pr-series values there are marked unverified). Run on ${new Date().toISOString().slice(0, 10)}.`,
  ];
  if (args.speed) {
    const base = extractBaseline(ROOT, args.baseline);
    const file = path.join(INSTANCES, `${args.speedInstance}.txt`);
    const jobs: SolveJob[] = [];
    for (let k = 0; k < args.speedRounds; k++) {
      const job = { file, timeLimitS: args.speedSeconds, seed: args.seed + k, recombine: false };
      jobs.push(job, { ...job, engineDir: base.dir });
    }
    console.log(`speed: ${args.speedInstance}, today's engine against ${base.commit}`);
    const rows = await solveAll(jobs, 2);
    fs.rmSync(base.dir, { recursive: true, force: true });
    sections.push(
      renderSpeed(
        rows,
        `### LNS iterations per second on ${args.speedInstance}\n\n` +
          `Today's engine against a frozen copy of \`libs/dispatch\` at ${base.commit} ` +
          `(before issue 13), extracted by \`git archive\` at run time. ${args.speedSeconds} s ` +
          `each, no recombination (LNS iterations only), seeds ${args.seed}..${args.seed + args.speedRounds - 1}; ` +
          `each round runs both engines at the same time, one per worker thread.`,
      ),
    );
  }
  for (const limit of args.timeLimitsS) {
    const jobs = files.map((file) => ({
      file,
      timeLimitS: limit,
      seed: args.seed,
      // Below 30 s the pool is too young to pay for the solver's time.
      recombine: args.recombine && limit >= 30,
    }));
    console.log(`${files.length} instances, ${limit} s each, ${args.jobs} worker(s)`);
    const results = await solveAll(jobs, args.jobs);
    const rows: ReportRow[] = results.map((r) => ({ ...r, bks: bks.get(r.instance) }));
    if (args.out) writeSolutions(path.join(args.out, `${limit}s`), rows);
    sections.push(renderReport(rows, `### ${limit} s per instance`));
  }
  const report = sections.join('\n\n');
  console.log(`\n${report}`);
  writeSection(path.join(ROOT, 'BENCHMARKS.md'), report);
}

function writeSolutions(dir: string, rows: readonly ReportRow[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const r of rows) {
    // Same layout as instances/solutions/*.json: one route per line.
    const routes = r.routes.map((route) => `  ${JSON.stringify(route)}`).join(',\n');
    const json = `{\n "instance": "${r.instance}",\n "cost": ${r.cost},\n "routes": [\n${routes}\n ]\n}\n`;
    fs.writeFileSync(path.join(dir, `${r.instance}.json`), json);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
