/*
 * Plain-text output for people: aligned columns, and "key  value" lists. Values are shown as
 * they came (amounts stay the decimal strings the broker sent).
 */

const show = (v: unknown): string =>
  v === null || v === undefined ? '-' : v === '' ? '""' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Rows under a header line, each column as wide as its widest cell. */
export function table(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '(none)\n';
  const cells = rows.map((r) => columns.map((c) => show(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n')}\n`;
}

/** One record as aligned "key  value" lines. */
export function keyValues(record: Record<string, unknown>, keys: readonly string[] = Object.keys(record)): string {
  const width = Math.max(...keys.map((k) => k.length));
  return `${keys.map((k) => `${k.padEnd(width)}  ${show(record[k])}`).join('\n')}\n`;
}
