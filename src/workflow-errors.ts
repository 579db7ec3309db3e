/**
 * The Step Functions side of the error taxonomy (src/shared/errors.ts): every error type a workflow task
 * (functions/* behind workflows/*.asl.json) throws on purpose. A Lambda reports a thrown error by its name,
 * which is the `errorName` its class declares, so the ASL sees exactly these names.
 * `PERMANENT_ERROR_NAMES` (those a retry cannot fix) is derived from the types' `retryable` flag: each Task's
 * first retrier lists them with MaxAttempts 0, and `npm run validate:asl` fails when a retrier would retry one.
 * Adding an error a task can throw: add its class here.
 */

import { NoRecipientError } from './adapters/mail-errors.ts';
import { CorruptItemError } from './adapters/stored-item.ts';
import { BpjsPermanentError, BpjsTransientError } from './enrollment/bpjs/gateway.ts';
import { NoProgrammeError } from './enrollment/reserve-quota.ts';
import { LeaseLostError, ProgrammeNotFoundError, QuotaContentionError } from './quota/ops.ts';
import { PromotionBusyError } from './quota/release.ts';
import { type ErrorType, SettingsError } from './shared/errors.ts';
import { RegencyConfigError } from './shared/regency-config-error.ts';
import { UploadNotFoundError } from './uploads/errors.ts';

export const WORKFLOW_ERROR_TYPES: readonly ErrorType[] = [
  BpjsPermanentError,
  BpjsTransientError,
  NoProgrammeError,
  UploadNotFoundError,
  ProgrammeNotFoundError,
  QuotaContentionError,
  LeaseLostError,
  PromotionBusyError,
  NoRecipientError,
  CorruptItemError,
  RegencyConfigError,
  SettingsError,
];

/** Errors a retry cannot fix: a workflow must go straight to its Catch on them. */
export const PERMANENT_ERROR_NAMES: readonly string[] = WORKFLOW_ERROR_TYPES.filter((t) => !t.retryable).map(
  (t) => t.errorName,
);
