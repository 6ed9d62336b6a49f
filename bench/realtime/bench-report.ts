import { writeBenchmarkSection } from '../shared/benchmarks-file';
import { join } from 'node:path';

export interface BenchResult {
  vehicles: number;
  riders: number;
  offices: number;
  measureS: number;
  positionsSent: number;
  positionsRefused: number;
  deliveries: number;
  expectedDeliveries: number;
  delayMs: { median: number; p99: number; max: number };
  gateway: { cpuPct: number; rssMbMax: number; rssMbEnd: number };
  loadGeneratorCpuPct: number;
  node: string;
  cpu: string;
  date: string;
}

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function formatReport(r: BenchResult): string {
  const f = (n: number, d = 1) => n.toFixed(d);
  return [
    '## Realtime gateway',
    '',
    `\`npm run bench:realtime\`: one gateway process (child process, measured alone) over the local Redis and PostgreSQL; ` +
      `${r.vehicles} drivers each send a position once a second, ${r.riders} riders (each with a live booking, ` +
      `${Math.round(r.riders / r.vehicles)} per vehicle) and ${r.offices} office screens (each gets every vehicle) connected, ` +
      `all over loopback from one load-generator process. ${r.measureS} s measured after a 5 s warm-up. ` +
      `Delay = receipt at the client minus the position's send time (same clock). ` +
      `${r.cpu}, Node ${r.node}. Run on ${r.date}.`,
    '',
    '| positions sent | refused | deliveries / expected | delay median ms | delay p99 ms | delay max ms | gateway CPU % of one core | gateway RSS max MB | load generator CPU % |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${r.positionsSent} | ${r.positionsRefused} | ${r.deliveries} / ${r.expectedDeliveries} | ${f(r.delayMs.median)} | ${f(r.delayMs.p99)} | ${f(r.delayMs.max)} | ${f(r.gateway.cpuPct)} | ${f(r.gateway.rssMbMax, 0)} | ${f(r.loadGeneratorCpuPct)} |`,
  ].join('\n');
}

/** Replaces this benchmark's own section of BENCHMARKS.md (appending it the first time). */
export function writeSection(markdown: string, root: string): void {
  writeBenchmarkSection(join(root, 'BENCHMARKS.md'), 'realtime', markdown);
}
