// Reads the company's data file in the browser: a CSV parser (RFC 4180 quoting) for the sample
// the rules need, and a type guess per column that the company confirms in the form.

/** Parses CSV text into rows of cells (quotes, doubled quotes, CRLF). */
export function parseCsv(text: string, maxRows = Infinity): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if ((cell !== '' || row.length > 0) && rows.length < maxRows) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** Column types the API accepts. */
export type ColumnType = 'string' | 'integer' | 'number' | 'date' | 'boolean';

/** The narrowest type every filled cell of a column fits. */
export function guessType(values: readonly string[]): ColumnType {
  const filled = values.map((v) => v.trim()).filter(Boolean);
  if (filled.length === 0) return 'string';
  if (filled.every((v) => /^[+-]?\d+$/.test(v))) return 'integer';
  if (filled.every((v) => /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v))) return 'number';
  if (filled.every((v) => /^\d{4}-\d{2}-\d{2}/.test(v))) return 'date';
  if (filled.every((v) => /^(true|false)$/i.test(v))) return 'boolean';
  return 'string';
}
