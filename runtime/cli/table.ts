// Prints rows of plain objects as an aligned text table with a header line.
export function printTable(rows: readonly Record<string, unknown>[], out: (line: string) => void = console.log): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((c) => String(row[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  out(line(columns.map((c) => c.toUpperCase())));
  for (const r of cells) out(line(r));
}
