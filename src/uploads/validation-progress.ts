import type { UploadRepository } from './ports.ts';

/**
 * The rows validated so far, written to the upload record while it is VALIDATING so `lindung process` (and
 * anyone reading the upload) sees the validator move: one small conditional write at most every `everyMs`,
 * never one per row or per chunk. The final counts overwrite these when validation ends.
 */
export function validationProgress(
  uploads: UploadRepository,
  uploadId: string,
  now: () => Date,
  everyMs = 2000,
): (counts: { rows: number; rejected: number }) => Promise<void> {
  let last = now().getTime();
  return async ({ rows, rejected }) => {
    const at = now().getTime();
    if (at - last < everyMs) return;
    last = at;
    await uploads.update(uploadId, { rows, rejected }, 'VALIDATING');
  };
}
