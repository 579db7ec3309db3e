import type { UploadStatus, UploadSummary } from '../uploads/model.ts';
import { noOutcomes, OUTCOME_COUNTS, summarize } from '../uploads/model.ts';
import type { UploadRepository } from '../uploads/ports.ts';

export interface FinalizeUploadDeps {
  uploads: UploadRepository;
  now: () => Date;
}

export class UploadNotFoundError extends Error {
  override readonly name = 'UploadNotFoundError';
}

/**
 * Last workflow step: adds up the chunk outcomes and closes the upload. If the outcomes do not add up to the
 * row count, the upload is FAILED with the difference named: a worker is never dropped silently.
 */
export async function finalizeUpload(
  deps: FinalizeUploadDeps,
  input: { uploadId: string; error?: { Error?: string; Cause?: string } },
): Promise<UploadSummary> {
  const upload = await deps.uploads.get(input.uploadId);
  if (!upload) throw new UploadNotFoundError(`upload ${input.uploadId} not found`);
  const chunks = await deps.uploads.listChunkOutcomes(input.uploadId);
  const outcomes = noOutcomes();
  let staged = 0;
  for (const c of chunks) {
    staged += c.staged;
    for (const k of OUTCOME_COUNTS) outcomes[k] += c[k];
  }
  const accounted = OUTCOME_COUNTS.reduce((n, k) => n + outcomes[k], upload.rejected);
  let failureReason: string | undefined;
  if (input.error)
    failureReason = `workflow failed: ${input.error.Error ?? 'error'} ${input.error.Cause ?? ''}`.trim();
  else if (staged !== upload.staged)
    failureReason = `staged ${upload.staged} rows but the workflow saw ${staged}`;
  else if (accounted !== upload.rows) failureReason = `${upload.rows} rows but ${accounted} outcomes`;
  const heldForApproval = outcomes.reserved > 0 && upload.approvalRequired === true && !upload.approval;
  const status: UploadStatus = failureReason
    ? 'FAILED'
    : heldForApproval
      ? 'AWAITING_APPROVAL'
      : outcomes.submitted + outcomes.reserved > 0
        ? 'AWAITING_BPJS'
        : 'COMPLETED';
  const patch = {
    status,
    outcomes,
    updatedAt: deps.now().toISOString(),
    ...(failureReason ? { failureReason } : {}),
  };
  await deps.uploads.update(input.uploadId, patch);
  return summarize({ ...upload, ...patch });
}
