/** One CSV field as RFC 4180 (and GTFS) want it: quoted when it holds a comma, quote or newline. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A GTFS text file: header row from `columns`, one row per record, CRLF-free, final newline. */
export function toCsv(
  columns: readonly string[],
  rows: ReadonlyArray<Record<string, string | number | null | undefined>>,
): string {
  const lines = [columns.join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(','));
  return lines.join('\n') + '\n';
}
