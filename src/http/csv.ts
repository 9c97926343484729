/**
 * CSV as RFC 4180 describes it: CRLF line ends, a header row, every text field in double quotes with
 * inner quotes doubled (so commas and line breaks inside a field are safe).
 *
 * CSV injection (OWASP "CSV Injection"): a text cell starting with `=`, `+`, `-`, `@`, tab or carriage
 * return is prefixed with a single quote, so a spreadsheet shows it as text instead of evaluating it.
 * Numbers are written by the server from numbers (`-2.5`), cannot hold a formula, and stay numbers.
 */
export type CsvCell = string | number;

const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${value} is not a number a statement can hold.`);
    return String(value);
  }
  const text = formulaStart.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
