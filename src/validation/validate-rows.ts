/**
 * The validator: an uploaded file (a byte stream) → one RowResult per data row, in file order, with the
 * row numbers the agency sees in Excel. Streaming: memory does not grow with the row count (only the
 * NIK index for DUPLICATE_IN_FILE does, ~20 bytes per row). File-level problems are thrown as FileError.
 */
import {
  FIELDS,
  type FieldKey,
  HEADER_SCAN_ROWS,
  type HeaderMatch,
  MIN_HEADER_FIELDS,
  matchHeaderRow,
  missingFields,
} from './columns.ts';
import { readCsvRows } from './csv-reader.ts';
import { type Cell, isBlankCell } from './fields.ts';
import { fileErrors } from './messages.ts';
import type { RegionDirectory } from './regions.ts';
import { RowValidator, type ValidationContext } from './row-rules.ts';
import {
  FileError,
  type RowIssue,
  type RowResult,
  type Uploader,
  type ValidationRules,
  type WorkerRow,
} from './types.ts';

export type { ValidationContext } from './row-rules.ts';

export type FileKind = 'csv' | 'xlsx';

/** The file type from its name: .csv/.txt/.tsv are text, .xlsx/.xlsm workbooks; anything else is refused. */
export function fileKindOf(fileName: string): FileKind {
  const ext = /\.([^./\\]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv';
  if (ext === 'xlsx' || ext === 'xlsm') return 'xlsx';
  throw fileErrors.unsupportedType(fileName);
}

/** Passes the bytes through, throwing FILE_TOO_LARGE as soon as more than `max` bytes were read. */
export async function* limitBytes(
  source: AsyncIterable<Uint8Array>,
  max: number,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > max) throw fileErrors.tooLarge(total, max);
    yield chunk;
  }
}

function isBlankRow(cells: readonly Cell[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlankCell(cells[i])) return false;
  return true;
}

/** Rows from either reader: Excel row numbers are `numbers[i]`, or `first + i` when rows are consecutive. */
type ReaderEvent =
  | { type: 'sheet'; name: string; date1904?: boolean }
  | { type: 'rows'; rows: Cell[][]; numbers: number[] }
  | { type: 'rows'; rows: Cell[][]; first: number; numbers?: undefined };

async function* events(kind: FileKind, bytes: AsyncIterable<Uint8Array>): AsyncGenerator<ReaderEvent> {
  if (kind === 'xlsx') {
    // Loaded for workbooks only: a CSV run (the CLI's common case) starts without the ZIP and XML readers.
    const { readXlsxRows } = await import('./xlsx-reader.ts');
    yield* readXlsxRows(bytes);
    return;
  }
  yield { type: 'sheet', name: '' };
  for await (const batch of readCsvRows(bytes)) yield { type: 'rows', rows: batch.rows, first: batch.first };
}

/**
 * Streams the rows of an uploaded file through the row rules, one RowResult at a time.
 * Throws FileError: UNSUPPORTED_FILE_TYPE, FILE_TOO_LARGE, EMPTY_FILE, MISSING_COLUMNS, UNREADABLE_FILE.
 *
 * The rows are validated a reader batch at a time ({@link validateRowBatches}) and handed out one by one
 * from that batch: the same results, in the same order, with the same errors at the same point as an async
 * generator yielding each row, without an async generator step per row.
 */
export function validateRows(
  source: AsyncIterable<Uint8Array>,
  fileName: string,
  ctx: ValidationContext,
): AsyncGenerator<RowResult> {
  return new RowStream(validateRowBatches(source, fileName, ctx));
}

const NO_ROWS: RowResult[] = [];

/** An async generator of rows over an async generator of row batches. */
class RowStream implements AsyncGenerator<RowResult, void, unknown> {
  private batch: RowResult[] = NO_ROWS;
  private index = 0;

  constructor(private readonly batches: AsyncGenerator<RowResult[], void, unknown>) {}

  next(): Promise<IteratorResult<RowResult, void>> {
    if (this.index < this.batch.length) {
      return Promise.resolve({ value: this.batch[this.index++] as RowResult, done: false });
    }
    return this.refill();
  }

  private async refill(): Promise<IteratorResult<RowResult, void>> {
    this.batch = NO_ROWS;
    this.index = 0;
    for (;;) {
      const next = await this.batches.next();
      if (next.done) return { value: undefined, done: true };
      if (next.value.length === 0) continue;
      this.batch = next.value;
      this.index = 1;
      return { value: next.value[0] as RowResult, done: false };
    }
  }

  async return(value?: void | PromiseLike<void>): Promise<IteratorResult<RowResult, void>> {
    this.batch = NO_ROWS;
    this.index = 0;
    await value;
    await this.batches.return(undefined);
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<RowResult, void>> {
    this.batch = NO_ROWS;
    this.index = 0;
    await this.batches.throw(error);
    return { value: undefined, done: true };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * {@link validateRows} a batch at a time: each array holds the results of consecutive data rows, in file
 * order (never empty). Cheaper per row for a caller that handles rows in a loop; same results and errors.
 */
export async function* validateRowBatches(
  source: AsyncIterable<Uint8Array>,
  fileName: string,
  ctx: ValidationContext,
): AsyncGenerator<RowResult[], void, unknown> {
  const kind = fileKindOf(fileName);
  const bytes = limitBytes(source, ctx.rules.maxFileBytes);

  let validator: RowValidator | undefined;
  let best: { match: HeaderMatch; row: number } | undefined;
  let sawData = false;
  let scanned = 0;
  let skipSheet = false;
  let dataRows = 0;
  let date1904 = false;

  for await (const event of events(kind, bytes)) {
    if (event.type === 'sheet') {
      if (validator) break; // the first sheet with a header is the list; ignore the others
      date1904 = event.date1904 === true;
      scanned = 0;
      skipSheet = false;
      continue;
    }
    if (skipSheet) continue;
    const { rows, numbers } = event;
    const first = numbers ? 0 : event.first;
    let out: RowResult[] | undefined;
    // A batch that starts after the header is read ahead (its NIKs' index slots fetched together).
    const prepared = validator !== undefined;
    validator?.prepare(rows);
    for (let i = 0; i < rows.length; i++) {
      const cells = rows[i] as Cell[];
      if (skipSheet || isBlankRow(cells)) continue;
      const n = numbers ? (numbers[i] as number) : first + i;
      sawData = true;
      if (validator) {
        dataRows += 1;
        out ??= [];
        out.push(validator.validate(n, cells, prepared ? i : -1));
        continue;
      }
      const match = matchHeaderRow(cells);
      if (match.matched >= MIN_HEADER_FIELDS) {
        const missing = missingFields(match, ctx.uploader.kind);
        if (missing.length > 0) throw missingColumnsError(missing, n);
        validator = new RowValidator(match, ctx, { date1904 });
        continue;
      }
      if (match.matched > 0 && (!best || match.matched > best.match.matched)) best = { match, row: n };
      scanned += 1;
      if (scanned >= HEADER_SCAN_ROWS) skipSheet = true;
    }
    if (out) yield out;
  }

  if (!sawData) throw fileErrors.empty('no-rows');
  if (!validator) {
    const missing = best
      ? missingFields(best.match, ctx.uploader.kind)
      : (missingFields({ columns: {}, headers: [], matched: 0 }, ctx.uploader.kind) as FieldKey[]);
    throw missingColumnsError(missing, best?.row);
  }
  if (dataRows === 0) throw fileErrors.empty('header-only');
}

function missingColumnsError(missing: FieldKey[], headerRow?: number): FileError {
  return fileErrors.missingColumns(
    missing.map((key) => FIELDS[key].label),
    headerRow,
  );
}

export interface ValidationSummary {
  /** Data rows read (blank rows not counted). */
  rows: number;
  valid: number;
  rejected: number;
  /** Valid rows naming an employer (they will be REFERRED, not paid from APBD). */
  referred: number;
  /** Warning issues (on valid and rejected rows). */
  warnings: number;
  /** The issues, errors and warnings, in row order: all of them, or the first `keepIssues`. */
  issues: RowIssue[];
  /** How many issues there were in all. */
  issueCount: number;
}

export interface ValidateFileOptions {
  /** Called with each valid row (e.g. to write it somewhere); rows are not kept in the summary. */
  onValid?: (worker: WorkerRow) => void | Promise<void>;
  /** Called with each issue, in row order (e.g. to stream a report): memory stays flat. */
  onIssue?: (issue: RowIssue) => void | Promise<void>;
  /** Issues kept in the summary (default: all). With onIssue, keep few: memory then does not grow with bad rows. */
  keepIssues?: number;
}

/**
 * Runs {@link validateRows} to the end and counts: for the offline CLI and tests.
 * Throws FileError like validateRows.
 */
export async function validateFile(
  source: AsyncIterable<Uint8Array>,
  fileName: string,
  ctx: { uploader: Uploader; rules: ValidationRules; regions: RegionDirectory },
  options: ValidateFileOptions = {},
): Promise<ValidationSummary> {
  const summary: ValidationSummary = {
    rows: 0,
    valid: 0,
    rejected: 0,
    referred: 0,
    warnings: 0,
    issues: [],
    issueCount: 0,
  };
  const keep = options.keepIssues ?? Number.POSITIVE_INFINITY;
  const { onIssue } = options;
  for await (const batch of validateRowBatches(source, fileName, ctx)) {
    for (const result of batch) {
      summary.rows += 1;
      const issues = result.kind === 'valid' ? result.warnings : result.issues;
      for (const issue of issues) {
        if (issue.severity === 'warning') summary.warnings += 1;
        summary.issueCount += 1;
        if (summary.issues.length < keep) summary.issues.push(issue);
        if (onIssue) await onIssue(issue);
      }
      if (result.kind === 'valid') {
        summary.valid += 1;
        if (result.worker.employer) summary.referred += 1;
        if (options.onValid) await options.onValid(result.worker);
      } else summary.rejected += 1;
    }
  }
  return summary;
}

export { FileError };
