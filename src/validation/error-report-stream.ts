/**
 * errors.csv and errors.xlsx written while the rows are validated: one line at a time into two byte streams
 * (e.g. S3 multipart uploads), so memory stays flat however many rows are bad. Same lines, columns and
 * formula neutralisation as the in-memory report (error-report.ts); the XLSX comes from exceljs's streaming
 * WorkbookWriter (each row committed, inline strings, no shared-strings table kept in memory).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  CSV_HEADER,
  csvLine,
  fileErrorLine,
  issueLine,
  type ReportFileError,
  type ReportLine,
  XLSX_AUTO_FILTER,
  XLSX_COLUMNS,
  xlsxValues,
} from './error-report.ts';
import type { RowIssue } from './types.ts';

/** Lines gathered before one write to the CSV stream (fewer, larger writes). */
const CSV_BATCH = 256;

export class ErrorReportStream {
  private csvPending = '';
  private pendingLines = 0;
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private finished = false;

  constructor(
    private readonly csv: Writable,
    private readonly xlsx: Writable,
  ) {
    this.csvPending = CSV_HEADER;
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: xlsx,
      useStyles: true,
      useSharedStrings: false,
    });
    this.workbook.creator = 'lindung';
    this.sheet = this.workbook.addWorksheet('Kesalahan', {
      views: [{ state: 'frozen', ySplit: 1 }],
      autoFilter: XLSX_AUTO_FILTER,
    } as Partial<ExcelJS.AddWorksheetOptions>);
    this.sheet.columns = XLSX_COLUMNS;
    const header = this.sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
  }

  /** Adds one issue; resolves once both streams can take more (backpressure). */
  add(issue: RowIssue): Promise<void> | undefined {
    return this.addLine(issueLine(issue));
  }

  /** The one line of a file error (a rejected file has no row issues). */
  fileError(error: ReportFileError): Promise<void> | undefined {
    return this.addLine(fileErrorLine(error));
  }

  private addLine(line: ReportLine): Promise<void> | undefined {
    this.csvPending += csvLine(line);
    this.sheet.addRow(xlsxValues(line)).commit();
    this.pendingLines += 1;
    if (this.pendingLines < CSV_BATCH) return undefined;
    return this.flush();
  }

  private async flush(): Promise<void> {
    const text = this.csvPending;
    this.csvPending = '';
    this.pendingLines = 0;
    const csvFull = text.length > 0 && !this.csv.write(text);
    // exceljs hands committed rows to its zip writer, which pipes into the xlsx stream: let it catch up.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (csvFull && this.csv.writableNeedDrain) await once(this.csv, 'drain');
    if (this.xlsx.writableNeedDrain) await once(this.xlsx, 'drain');
  }

  /** Writes the rest and ends both streams. */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.flush();
    const csvEnded = once(this.csv, 'finish');
    this.csv.end();
    this.sheet.commit();
    await this.workbook.commit();
    await csvEnded;
  }
}
