import { writeBenchmarkSection } from '../shared/benchmarks-file';
import type { SolveOutcome } from './solve-instance';

export interface ReportRow extends SolveOutcome {
  bks: number | undefined;
}

export const gapPct = (row: ReportRow): number | undefined =>
  row.bks ? (row.cost / row.bks - 1) * 100 : undefined;

/** Two decimals without a "-0.00" for a cost equal to the BKS up to rounding. */
const fmtGap = (g: number): string => (Math.abs(g) < 0.005 ? '0.00' : g.toFixed(2));

/** Series = the letters before the first digit: a, b, pr. */
export const seriesOf = (name: string): string => name.replace(/\d.*$/, '');

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
};

/** Markdown table per instance plus one summary line per series, for one time limit. */
export function renderReport(rows: readonly ReportRow[], header: string): string {
  const lines = [
    header,
    '',
    '| instance | cost | BKS | gap % | time s | iterations | iterations/s | feasible |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    const g = gapPct(r);
    lines.push(
      `| ${r.instance} | ${r.cost.toFixed(2)} | ${r.bks?.toFixed(2) ?? '-'} | ${g === undefined ? '-' : fmtGap(g)} | ${r.timeS.toFixed(1)} | ${r.iterations} | ${(r.iterations / r.timeS).toFixed(0)} | ${r.feasible ? 'yes' : 'NO'} |`,
    );
  }
  lines.push('', '| series | instances | mean gap % | max gap % | max time s | all feasible |');
  lines.push('| --- | ---: | ---: | ---: | ---: | --- |');
  const series = [...new Set(rows.map((r) => seriesOf(r.instance)))];
  for (const s of series) {
    const rs = rows.filter((r) => seriesOf(r.instance) === s);
    const gaps = rs.map(gapPct).filter((g): g is number => g !== undefined);
    const mean = gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length);
    const max = Math.max(...gaps);
    const maxT = Math.max(...rs.map((r) => r.timeS));
    const ok = rs.every((r) => r.feasible);
    lines.push(
      `| ${s} | ${rs.length} | ${fmtGap(mean)} | ${fmtGap(max)} | ${maxT.toFixed(1)} | ${ok ? 'yes' : 'NO'} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The speed comparison: today's engine and the frozen baseline side by side, each pair run at
 * the same time on the two workers so both see the same machine.
 */
export function renderSpeed(rows: readonly SolveOutcome[], header: string): string {
  const lines = [
    header,
    '',
    '| round | engine | iterations | time s | iterations/s | cost | feasible |',
    '| ---: | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  rows.forEach((r, k) => {
    lines.push(
      `| ${Math.floor(k / 2) + 1} | ${r.engine} | ${r.iterations} | ${r.timeS.toFixed(1)} | ${(r.iterations / r.timeS).toFixed(0)} | ${r.cost.toFixed(2)} | ${r.feasible ? 'yes' : 'NO'} |`,
    );
  });
  const ips = (e: string): number =>
    median(rows.filter((r) => r.engine === e).map((r) => r.iterations / r.timeS));
  const ratio = ips('current') / ips('baseline');
  lines.push(
    '',
    `Median iterations/s: current ${ips('current').toFixed(0)}, baseline ${ips('baseline').toFixed(0)}: **${ratio.toFixed(1)} ×**.`,
  );
  return lines.join('\n');
}

/** Replaces (or appends) this benchmark's own section; other sections stay untouched. */
export function writeSection(file: string, body: string): void {
  writeBenchmarkSection(file, 'darp', body);
}
