import { writeBenchmarkSection } from '../shared/benchmarks-file';

/** Markdown table from a header row and rows of cells. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = head.map((_, k) => (k === 0 ? '---' : '---:'));
  return [head, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** Replaces (or appends) this benchmark's own section of BENCHMARKS.md; others stay untouched. */
export function writeOnlineSection(file: string, body: string): void {
  writeBenchmarkSection(file, 'online', body);
}
