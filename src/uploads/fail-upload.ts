import { UploadNotFoundError } from './errors.ts';
import type { UploadSummary } from './model.ts';
import { summarize, type UploadedObject } from './model.ts';
import type { UploadRepository } from './ports.ts';
import { newUpload, uploadIdFor } from './validate-upload.ts';

export interface FailUploadDeps {
  uploads: UploadRepository;
  now: () => Date;
}

/**
 * The validator failed for good on an uploaded object (its S3 event's retries are spent: Lambda's onFailure
 * destination, or the local stack's notifications): the upload ends FAILED with the cause instead of staying
 * VALIDATING. An upload that already finished validating is left as it is.
 */
export async function failUpload(
  deps: FailUploadDeps,
  obj: UploadedObject,
  cause: string,
): Promise<UploadSummary> {
  const uploadId = uploadIdFor(obj);
  const now = deps.now().toISOString();
  const failureReason =
    `Pemeriksaan berkas gagal setelah beberapa percobaan; unggah ulang berkas, dan hubungi admin bila terulang. ` +
    `/ Validating the file failed after its retries; upload it again, and tell the administrator if it recurs. ` +
    `Cause: ${cause.slice(0, 500)}`;
  const failed = { status: 'FAILED' as const, failureReason, updatedAt: now };
  const existing = await deps.uploads.get(uploadId);
  if (!existing) {
    // The validator died before it recorded the upload (e.g. out of memory at once).
    const created = await deps.uploads.create({ ...newUpload(obj, uploadId, now, now), ...failed });
    if (created === 'exists') await deps.uploads.update(uploadId, failed, 'VALIDATING');
  } else if (existing.status === 'VALIDATING') {
    await deps.uploads.update(uploadId, failed, 'VALIDATING');
  }
  const upload = await deps.uploads.get(uploadId);
  if (!upload) throw new UploadNotFoundError(uploadId);
  return summarize(upload);
}
