import * as fs from 'node:fs';

const START = '<!-- bench:online:start -->';
const END = '<!-- bench:online:end -->';

/** Markdown table from a header row and rows of cells. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = head.map((_, k) => (k === 0 ? '---' : '---:'));
  return [head, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** Replaces (or appends) this benchmark's own section of BENCHMARKS.md; others stay untouched. */
export function writeOnlineSection(file: string, body: string): void {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const section = `${START}\n${body}\n${END}`;
  const a = current.indexOf(START);
  const b = current.indexOf(END);
  const next =
    a >= 0 && b > a
      ? current.slice(0, a) + section + current.slice(b + END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, next);
}
