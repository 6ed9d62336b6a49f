/**
 * Cordeau DARP benchmark: npm run bench:darp -- [--time-limit S] [--out DIR] [--seed N]
 * [--jobs N] [PATH ...]. Solves each instance (construction + adaptive LNS) within the limit,
 * re-checks it with the independent checker, prints the table and writes it to BENCHMARKS.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { renderReport, writeSection, type ReportRow } from './benchmarks-report';
import type { SolveJob, SolveOutcome } from './solve-instance';

const ROOT = path.resolve(__dirname, '../..');
const INSTANCES = path.join(__dirname, 'instances');

interface Args {
  timeLimitS: number;
  out?: string;
  seed: number;
  jobs: number;
  paths: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    timeLimitS: 30,
    seed: 1,
    jobs: Math.min(2, os.availableParallelism()),
    paths: [],
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--time-limit') args.timeLimitS = Number(argv[++k]);
    else if (a === '--out') args.out = argv[++k];
    else if (a === '--seed') args.seed = Number(argv[++k]);
    else if (a === '--jobs') args.jobs = Math.max(1, Number(argv[++k]));
    else args.paths.push(a);
  }
  if (!(args.timeLimitS > 0)) throw new Error('--time-limit must be a positive number of seconds');
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
            `${res.instance.padEnd(6)} cost ${res.cost.toFixed(2).padStart(8)}  ${res.timeS.toFixed(1)} s  ${res.feasible ? 'feasible' : 'INFEASIBLE ' + res.violations.join('; ')}`,
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
  const jobs = files.map((file) => ({ file, timeLimitS: args.timeLimitS, seed: args.seed }));
  console.log(
    `${files.length} instances, ${args.timeLimitS} s each, ${args.jobs} worker(s), seed ${args.seed}`,
  );
  const results = await solveAll(jobs, args.jobs);
  const rows: ReportRow[] = results.map((r) => ({ ...r, bks: bks.get(r.instance) }));
  if (args.out) {
    fs.mkdirSync(args.out, { recursive: true });
    for (const r of rows) {
      // Same layout as instances/solutions/*.json: one route per line.
      const routes = r.routes.map((route) => `  ${JSON.stringify(route)}`).join(',\n');
      const json = `{\n "instance": "${r.instance}",\n "cost": ${r.cost},\n "routes": [\n${routes}\n ]\n}\n`;
      fs.writeFileSync(path.join(args.out, `${r.instance}.json`), json);
    }
  }
  const header =
    `## DARP (Cordeau instances)\n\n` +
    `\`npm run bench:darp\`: construction + adaptive LNS, ${args.timeLimitS} s per instance, ` +
    `seed ${args.seed}, ${args.jobs} instances in parallel on ${os.availableParallelism()} cores ` +
    `(${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}. Cost = unrounded Euclidean ` +
    `distance; every solution re-checked by the independent checker. Run on ${new Date().toISOString().slice(0, 10)}.`;
  const report = renderReport(rows, header);
  console.log(`\n${report}`);
  writeSection(path.join(ROOT, 'BENCHMARKS.md'), report);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
