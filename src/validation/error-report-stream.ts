/**
 * errors.csv and errors.xlsx written while the rows are validated: one line at a time into two byte streams
 * (e.g. S3 multipart uploads), so memory stays flat however many rows are bad. Same lines, columns and
 * formula neutralisation as the in-memory report (error-report.ts); the XLSX from XlsxReportWriter.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import {
  CSV_HEADER,
  csvLine,
  fileErrorLine,
  issueLine,
  type ReportFileError,
  type ReportLine,
  XLSX_COLUMNS,
  xlsxValues,
} from './error-report.ts';
import type { RowIssue } from './types.ts';
import { XlsxReportWriter } from './xlsx-report-writer.ts';

/** Lines gathered before one write to the CSV stream (fewer, larger writes). */
const CSV_BATCH = 256;

export class ErrorReportStream {
  private csvPending = CSV_HEADER;
  private pendingLines = 0;
  private readonly xlsx: XlsxReportWriter;
  private finished = false;

  constructor(
    private readonly csv: Writable,
    xlsx: Writable,
  ) {
    this.xlsx = new XlsxReportWriter(
      xlsx,
      XLSX_COLUMNS.map((c) => ({
        header: String(c.header),
        width: c.width ?? 12,
        text: c.style?.numFmt === '@',
      })),
    );
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
    const xlsxReady = this.xlsx.addRow(xlsxValues(line));
    this.pendingLines += 1;
    if (this.pendingLines < CSV_BATCH) return xlsxReady;
    return this.flush(xlsxReady);
  }

  private async flush(xlsxReady?: Promise<void>): Promise<void> {
    const text = this.csvPending;
    this.csvPending = '';
    this.pendingLines = 0;
    if (xlsxReady) await xlsxReady;
    if (text.length > 0 && !this.csv.write(text) && this.csv.writableNeedDrain) await once(this.csv, 'drain');
  }

  /** Writes the rest and ends both streams. */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.flush();
    const csvEnded = once(this.csv, 'finish');
    this.csv.end();
    await this.xlsx.finish();
    await csvEnded;
  }
}
