/**
 * The contract between the validator (parsing + row rules) and the rest of the pipeline.
 * Pure types: no AWS, no I/O.
 */
import { errorClass } from '../shared/errors.ts';

export type Severity = 'error' | 'warning';

export const ROW_ERROR_CODES = [
  'MISSING_FIELD',
  'NIK_FORMAT',
  'NIK_EXCEL_MANGLED',
  'NIK_INVALID_DATE',
  'NIK_BIRTHDATE_MISMATCH',
  'NIK_GENDER_MISMATCH',
  'NIK_UNKNOWN_REGION',
  'INVALID_DATE',
  'INVALID_GENDER',
  'INVALID_NAME',
  'AGE_OUT_OF_RANGE',
  'UNKNOWN_DESA',
  'DESA_OUTSIDE_AGENCY',
  'DUPLICATE_IN_FILE',
  'INELIGIBLE_OCCUPATION',
  'INVALID_PHONE',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

export const FILE_ERROR_CODES = [
  'UNSUPPORTED_FILE_TYPE',
  'FILE_TOO_LARGE',
  'EMPTY_FILE',
  'MISSING_COLUMNS',
  'UNREADABLE_FILE',
  'BAD_UPLOAD_KEY',
] as const;
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number];

/** One problem found in one cell of one row. */
export interface RowIssue {
  /** Row number as the agency sees it in Excel (1-based, header and title rows counted). */
  row: number;
  /** Column header as it appears in the uploaded file (or the canonical name when the column is absent). */
  column: string;
  code: RowErrorCode;
  severity: Severity;
  /** Original cell value; a NIK is always masked (`6408**********12`). */
  value: string;
  /** Message in Bahasa Indonesia. */
  message: string;
  /** The same message in English. */
  messageEn: string;
}

export type Gender = 'L' | 'P';

export interface Employer {
  name?: string;
  nib?: string;
  project?: string;
}

/** A row that passed every error rule, normalised. */
export interface WorkerRow {
  row: number;
  /** 16 digits. Only the enrollment hand-off may show it unmasked. */
  nik: string;
  name: string;
  /** ISO date YYYY-MM-DD. */
  birthDate: string;
  gender: Gender;
  /** 10-digit Kemendagri desa code without dots, e.g. 6408042001. */
  desa: string;
  /** 6-digit Kemendagri kecamatan code without dots, e.g. 640804. */
  kecamatan: string;
  occupation: string;
  /** +62… when valid; absent when empty or invalid (an INVALID_PHONE warning is attached then). */
  phone?: string;
  /** Present when the row names an employer (name or NIB): the row is REFERRED, not paid from APBD. */
  employer?: Employer;
}

export type RowResult =
  | { kind: 'valid'; worker: WorkerRow; warnings: RowIssue[] }
  | { kind: 'rejected'; row: number; issues: RowIssue[] };

/** Who uploaded, derived from the upload key. */
export type Uploader = { kind: 'desa'; desa: string } | { kind: 'agency'; agency: string };

/** The programme rules the validator applies. */
export interface ValidationRules {
  /** Regency code without dots, e.g. '6408'. */
  regencyCode: string;
  /** Programme start date YYYY-MM-DD: ages are computed on this date. */
  programmeStart: string;
  minAge: number;
  maxAge: number;
  /** Excluded occupations (PNS, ASN, PPPK, TNI, POLRI by default). */
  excludedOccupations: string[];
  /** Upper limit for the file size in bytes (default 100 MB). */
  maxFileBytes: number;
}

/** A whole upload is rejected: nothing is staged. Thrown, never returned. Its `code` is the file error code. */
export class FileError extends errorClass('FileError', {
  code: 'FILE_REJECTED',
  kind: 'invalid',
  retryable: false,
}) {
  declare readonly code: FileErrorCode;
  constructor(
    code: FileErrorCode,
    /** Bahasa Indonesia (also `message`). */
    readonly messageId: string,
    messageEn: string,
  ) {
    super(messageId, messageEn, { code });
  }
}
