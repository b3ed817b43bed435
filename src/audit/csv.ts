/**
 * CSV as RFC 4180 writes it (CRLF line ends; a field holding a comma, a quote,
 * CR or LF is quoted, quotes doubled), plus the OWASP defence against CSV
 * injection: a field that starts with `=`, `+`, `-`, `@`, a tab or CR would be
 * run as a formula by Excel, LibreOffice or Google Sheets, so it gets a leading
 * `'` (shown as text, visibly changed) and is quoted. Record texts come from
 * people who may be attackers (a waiver's reason, a problem quoting a file the
 * pull request ships), and an auditor opens the export in a spreadsheet.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvValue): string {
  const raw = value === null || value === undefined ? '' : String(value);
  const neutralised = FORMULA_START.test(raw);
  const text = neutralised ? `'${raw}` : raw;
  return neutralised || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
