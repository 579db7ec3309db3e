/**
 * The row-error report an agency gets back: `errors.csv` and `errors.xlsx`, one line per issue
 * (or one line for a file error), in Bahasa Indonesia with the English message alongside.
 * NIK values are already masked in the issues. Text that a spreadsheet would run as a formula
 * (starting with = + - @, or a tab/CR) gets a leading apostrophe.
 */
import type ExcelJS from 'exceljs';
import { FileError, type FileErrorCode, type RowIssue, type Severity } from './types.ts';

export const REPORT_COLUMNS = [
  'Baris/Row',
  'Kolom/Column',
  'Nilai/Value',
  'Kode/Code',
  'Tingkat/Severity',
  'Pesan',
  'Message',
] as const;

/** A file error as stored with an upload (message = Bahasa Indonesia). */
export interface ReportFileError {
  code: FileErrorCode;
  message: string;
  messageEn: string;
}

export interface ReportInput {
  fileError?: ReportFileError;
  issues: readonly RowIssue[];
}

export type ReportSource = ReportInput | readonly RowIssue[] | FileError;

function toInput(source: ReportSource): ReportInput {
  if (source instanceof FileError) {
    return {
      fileError: { code: source.code, message: source.messageId, messageEn: source.messageEn },
      issues: [],
    };
  }
  if (Array.isArray(source)) return { issues: source as readonly RowIssue[] };
  return source as ReportInput;
}

const SEVERITY_LABEL: Record<Severity, string> = { error: 'error (ditolak)', warning: 'peringatan/warning' };

export type ReportLine = [
  row: string | number,
  column: string,
  value: string,
  code: string,
  severity: string,
  pesan: string,
  message: string,
];

export function fileErrorLine(f: ReportFileError): ReportLine {
  return ['', '', '', f.code, SEVERITY_LABEL.error, f.message, f.messageEn];
}

export function issueLine(i: RowIssue): ReportLine {
  return [i.row, i.column, i.value, i.code, SEVERITY_LABEL[i.severity], i.message, i.messageEn];
}

function* lines(input: ReportInput): Generator<ReportLine> {
  if (input.fileError) yield fileErrorLine(input.fileError);
  for (const i of input.issues) yield issueLine(i);
}

/** Neutralises spreadsheet formula injection: `=1+1` → `'=1+1`. */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : neutralise(value);
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One issue of errors.csv read back; the header and a file error's line (no row number) give undefined. */
export interface ReportedIssue {
  row: number;
  column: string;
  code: string;
  severity: Severity;
  message: string;
  messageEn: string;
}

const SEVERITY_OF_LABEL = new Map(Object.entries(SEVERITY_LABEL).map(([k, v]) => [v, k as Severity]));
const unneutralise = (text: string) => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

export function issueFromCsvFields(fields: readonly string[]): ReportedIssue | undefined {
  const [row, column, , code, severity, message, messageEn] = fields;
  const severityOf = SEVERITY_OF_LABEL.get(severity ?? '');
  if (!row || !/^\d+$/.test(row) || !code || !severityOf) return undefined;
  return {
    row: Number(row),
    column: unneutralise(column ?? ''),
    code,
    severity: severityOf,
    message: unneutralise(message ?? ''),
    messageEn: unneutralise(messageEn ?? ''),
  };
}

/** The first line of errors.csv: BOM (so Excel shows Indonesian text right) and the bilingual headers. */
export const CSV_HEADER = `\uFEFF${REPORT_COLUMNS.map(csvField).join(',')}\r\n`;

/** One line of errors.csv with its CRLF. */
export function csvLine(line: ReportLine): string {
  return `${line.map(csvField).join(',')}\r\n`;
}

/** errors.csv: UTF-8 with BOM, comma-separated, CRLF. In memory: small reports; see ErrorReportStream. */
export function errorReportCsv(source: ReportSource): string {
  let out = CSV_HEADER;
  for (const line of lines(toInput(source))) out += csvLine(line);
  return out;
}

/** The columns of the "Kesalahan" sheet: widths, NIK/value column as text. */
export const XLSX_COLUMNS: Array<Partial<ExcelJS.Column>> = [
  { header: REPORT_COLUMNS[0], width: 10 },
  { header: REPORT_COLUMNS[1], width: 20 },
  { header: REPORT_COLUMNS[2], width: 24, style: { numFmt: '@' } },
  { header: REPORT_COLUMNS[3], width: 24 },
  { header: REPORT_COLUMNS[4], width: 18 },
  { header: REPORT_COLUMNS[5], width: 80 },
  { header: REPORT_COLUMNS[6], width: 80 },
];

export const XLSX_AUTO_FILTER = {
  from: { row: 1, column: 1 },
  to: { row: 1, column: REPORT_COLUMNS.length },
};

/** A report line as the values of a sheet row (formulas neutralised, no row number for a file error). */
export function xlsxValues([row, ...texts]: ReportLine): Array<string | number | null> {
  return [row === '' ? null : row, ...texts.map(neutralise)];
}

/** errors.xlsx: one sheet "Kesalahan" with a bold, frozen header and filters. In memory: small reports. */
export async function errorReportXlsx(source: ReportSource): Promise<Buffer> {
  // Loaded when a workbook is written: everything that only imports this module (the CLI's stack clients,
  // the CSV report) starts without ExcelJS and its ZIP packages (2.3 MB of JavaScript in the CLI bundle).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'lindung';
  const sheet = workbook.addWorksheet('Kesalahan', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = XLSX_COLUMNS;
  sheet.getRow(1).font = { bold: true };
  for (const line of lines(toInput(source))) sheet.addRow(xlsxValues(line));
  sheet.autoFilter = XLSX_AUTO_FILTER;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
