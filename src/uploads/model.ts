import type { FileErrorCode, RowIssue, Uploader, WorkerRow } from '../validation/types.ts';

/** Every data row ends in exactly one of these (DESIGN.md, "Row outcomes"). */
export const ROW_OUTCOMES = [
  'REJECTED',
  'DUPLICATE',
  'REFERRED',
  'WAITLISTED',
  'ENROLLED',
  'FAILED',
] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

/**
 * AWAITING_APPROVAL: the programme needs an administrator's approval before workers go to BPJS; their places are
 * held (`lindung approve`). AWAITING_BPJS: every row has an outcome but some workers await the BPJS branch's
 * acknowledgement file.
 */
export type UploadStatus =
  | 'VALIDATING'
  | 'RUNNING'
  | 'AWAITING_APPROVAL'
  | 'AWAITING_BPJS'
  | 'COMPLETED'
  | 'REJECTED'
  | 'FAILED';

export interface FileErrorInfo {
  code: FileErrorCode;
  message: string;
  messageEn: string;
}

/** What an uploaded S3 object is, as the event tells it. */
export interface UploadedObject {
  bucket: string;
  key: string;
  size: number;
  eTag?: string;
  versionId?: string;
  /** Unique per PUT of a key; repeated when S3 re-delivers the same event. */
  sequencer: string;
  eventTime: string;
}

export interface OutcomeCounts {
  duplicates: number;
  referred: number;
  waitlisted: number;
  enrolled: number;
  failed: number;
  /** Submitted to BPJS (file exchange), awaiting the branch's answer. */
  submitted: number;
  /** A place held, not yet sent to BPJS (awaiting an administrator's approval when the programme needs it). */
  reserved: number;
}

/** The outcome counts, in the order people read them. */
export const OUTCOME_COUNTS = [
  'duplicates',
  'referred',
  'waitlisted',
  'enrolled',
  'failed',
  'submitted',
  'reserved',
] as const satisfies ReadonlyArray<keyof OutcomeCounts>;

export function noOutcomes(): OutcomeCounts {
  return { duplicates: 0, referred: 0, waitlisted: 0, enrolled: 0, failed: 0, submitted: 0, reserved: 0 };
}

export interface Upload {
  uploadId: string;
  bucket: string;
  objectKey: string;
  eTag?: string;
  fileName: string;
  uploader?: Uploader;
  status: UploadStatus;
  createdAt: string;
  updatedAt: string;
  rows: number;
  rejected: number;
  /** Valid rows staged for the workflow (rows − rejected). */
  staged: number;
  warnings: number;
  chunkCount: number;
  fileError?: FileErrorInfo;
  errorsReportKey?: string;
  executionArn?: string;
  outcomes?: OutcomeCounts;
  failureReason?: string;
  /** Set by the quota step when the programme needs an administrator's approval before enrollment. */
  approvalRequired?: boolean;
  /** Who approved the upload's enrollment, and when (`lindung approve`). */
  approval?: { by: string; at: string };
  /** The programme whose quota the upload's workers use (programme id), set by the quota step. */
  programme?: string;
  /** Rejected rows per desa they name (10-digit code; rows naming no known desa are left out), from validation. */
  rejectedByDesa?: Record<string, number>;
}

/** The contract of `lindung process --json` (DESIGN.md). */
export interface UploadSummary extends OutcomeCounts {
  uploadId: string;
  status: UploadStatus;
  rows: number;
  rejected: number;
  errorsReportKey: string | null;
  executionArn: string | null;
  fileError?: { code: FileErrorCode; message: string };
}

export function summarize(upload: Upload): UploadSummary {
  const o = upload.outcomes;
  return {
    uploadId: upload.uploadId,
    status: upload.status,
    rows: upload.rows,
    rejected: upload.rejected,
    duplicates: o?.duplicates ?? 0,
    referred: o?.referred ?? 0,
    waitlisted: o?.waitlisted ?? 0,
    enrolled: o?.enrolled ?? 0,
    failed: o?.failed ?? 0,
    submitted: o?.submitted ?? 0,
    reserved: o?.reserved ?? 0,
    errorsReportKey: upload.errorsReportKey ?? null,
    executionArn: upload.executionArn ?? null,
    ...(upload.fileError
      ? { fileError: { code: upload.fileError.code, message: upload.fileError.message } }
      : {}),
  };
}

/** A worker row as staged for the workflow, in chunks. */
export type StagedWorker = WorkerRow;

export interface ErrorReport {
  uploadId: string;
  fileError?: FileErrorInfo;
  /** The first issues (up to FIRST_ISSUES) for quick display; errors.csv/errors.xlsx hold them all. */
  issues: RowIssue[];
  /** How many issues the full report holds (absent: `issues` is the whole report). */
  issueCount?: number;
}

/** Issues kept with the upload's errors.json for quick display (CLI, API); the rest only in errors.csv/xlsx. */
export const FIRST_ISSUES = 100;

/** Input of the enrollment workflow: chunk numbers, not rows (state payloads stay tiny at any file size). */
export interface EnrollmentInput {
  uploadId: string;
  chunks: number[];
}

export interface ChunkTask {
  uploadId: string;
  chunk: number;
}
