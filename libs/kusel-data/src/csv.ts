/** A CSV record with the line of the file it starts on (1 is the header). */
export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

/**
 * Minimal RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes.
 * Keeps the header and the line each record starts on, for messages that name them.
 */
export function parseCsvRecords(text: string): { header: string[]; records: CsvRecord[] } {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push({ line: rowLine, cells: row });
      row = [];
      field = '';
      rowLine = ++line;
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push({ line: rowLine, cells: row });
  }
  const [head, ...body] = rows.filter((r) => r.cells.length > 1 || r.cells[0] !== '');
  const header = (head?.cells ?? []).map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h));
  return {
    header,
    records: body.map((r) => ({
      line: r.line,
      values: Object.fromEntries(header.map((h, i) => [h, r.cells[i] ?? ''])),
    })),
  };
}

export function parseCsv(text: string): Array<Record<string, string>> {
  return parseCsvRecords(text).records.map((r) => r.values);
}
