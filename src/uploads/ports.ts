import type { DesaTally } from '../coverage/rollup.ts';
import type { ReportedIssue } from '../validation/error-report.ts';
import type { RowIssue, WorkerRow } from '../validation/types.ts';
import type { ChunkAnswers, ChunkBatch, ChunkLifecycle } from '../workers/lifecycle.ts';
import type { ErrorReport, OutcomeCounts, Upload, UploadStatus } from './model.ts';

/** Uploads table: one record per upload, one outcome record per staged chunk. */
export interface UploadRepository {
  get(uploadId: string): Promise<Upload | undefined>;
  /** Conditional create; 'exists' when the upload was already recorded (re-delivered event). */
  create(upload: Upload): Promise<'created' | 'exists'>;
  /**
   * Sets fields of an upload. With `onlyIf`, only while the upload is in that status (false otherwise), so a
   * late duplicate delivery cannot move a finished upload back.
   */
  update(uploadId: string, patch: Partial<Omit<Upload, 'uploadId'>>, onlyIf?: UploadStatus): Promise<boolean>;
  /** Idempotent: a retried task overwrites its own counts. */
  putChunkOutcome(uploadId: string, chunk: number, counts: ChunkOutcomePatch): Promise<void>;
  listChunkOutcomes(uploadId: string): Promise<ChunkOutcome[]>;
  /** One chunk's record (eventually consistent unless `consistent`). */
  getChunk(uploadId: string, chunk: number, consistent?: boolean): Promise<ChunkOutcome | undefined>;
  /**
   * Records that a BPJS batch carries these positions of the chunk, only while the chunk has the `seen` batches
   * its caller read (false otherwise: another run recorded a batch meanwhile; read again), so no worker is in
   * two batches.
   */
  putChunkBatch(
    uploadId: string,
    chunk: number,
    batchId: string,
    batch: ChunkBatch,
    seen: number,
  ): Promise<boolean>;
  /** Records one answer's acceptances of a batch of the chunk (`answer`: the file or reply; SET, repeatable). */
  putChunkAnswers(
    programme: string,
    uploadId: string,
    chunk: number,
    answer: string,
    answers: ChunkAnswers,
  ): Promise<void>;
  listByUploader(uploaderKey: string, limit: number): Promise<Upload[]>;
  listRecent(limit: number, status?: UploadStatus): Promise<Upload[]>;
}

/** The bucket: uploaded files, staged chunks, reports. */
export interface UploadStorage {
  read(key: string): AsyncIterable<Uint8Array>;
  putChunk(uploadId: string, chunk: number, rows: WorkerRow[]): Promise<void>;
  readChunk(uploadId: string, chunk: number): Promise<WorkerRow[]>;
  /** A small report at once (a file error, or a handful of issues); returns the errors.csv key. */
  putErrorReport(report: ErrorReport): Promise<string>;
  /** A report of any size, written while the rows are validated (flat memory). */
  openErrorReport(uploadId: string): ErrorReportWriter;
  /** Removes staged chunks 1..count (a file rejected after some chunks were staged). */
  deleteChunks(uploadId: string, count: number): Promise<void>;
  getErrorReport(uploadId: string): Promise<ErrorReport | undefined>;
  /** Every issue of errors.csv, read as a stream (the report keeps only the first ones); none without a report. */
  readErrorLines(uploadId: string): AsyncIterable<ReportedIssue>;
}

export interface WorkflowStarter {
  /** Starts (or finds, when the same name and input were started before) an execution; returns its ARN. */
  start(name: string, input: unknown): Promise<string>;
}

/** errors.csv / errors.xlsx streamed a line at a time; errors.json keeps the first issues and the count. */
export interface ErrorReportWriter {
  /** Resolves when the writer can take more (backpressure); may return nothing when it can at once. */
  add(issue: RowIssue): Promise<void> | undefined;
  /** Ends the report; returns the errors.csv key. */
  close(summary: { firstIssues: RowIssue[]; issueCount: number }): Promise<string>;
  /** Drops what was written (the file was rejected after all). */
  abort(): Promise<void>;
}

/**
 * A staged chunk's outcome record. Besides the counts, per desa (coverage counters, src/coverage/rollup.ts):
 * `registered` (rows and duplicates, set by registration) and `states` (the chunk's own workers by state, set by
 * every later step from the workers it read).
 */
export interface ChunkOutcome extends OutcomeCounts, ChunkLifecycle {
  chunk: number;
  staged: number;
  registered?: DesaTally;
  states?: DesaTally;
  /** The NIK hashes of the chunk's REFERRED rows (employer referrals read them; no index of workers by upload). */
  ref?: string[];
}

export type ChunkOutcomePatch = Partial<Omit<ChunkOutcome, 'chunk'>>;
