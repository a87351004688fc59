/**
 * CSV for spreadsheets (RFC 4180) that cannot run formulas. A cell a spreadsheet would
 * read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return, also
 * after a line break inside the cell) is prefixed with `'`, as OWASP's CSV-injection
 * guidance recommends; a cell with a comma, quote or line break is quoted.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let v = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  v = v.replace(/([\r\n])(?=[=+\-@\t])/g, "$1'");
  return /[",\r\n\t]/.test(v) || v.startsWith("'") ? `"${v.replaceAll('"', '""')}"` : v;
}

/** One CSV record, without its line ending. */
export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}
