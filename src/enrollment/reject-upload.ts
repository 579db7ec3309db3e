import type { QuotaDeps } from '../quota/context.ts';
import { exitWorker } from '../quota/release.ts';
import { LindungError, notFound } from '../shared/errors.ts';
import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import type { WorkerRepository } from '../workers/ports.ts';
import { readChunk } from './chunk-workers.ts';

export interface RejectionResult {
  uploadId: string;
  /** False when the upload had been rejected before (this call only finished giving places back). */
  rejectedNow: boolean;
  rejection: { by: string; at: string; reason: string };
  /** Places given back by this call. */
  released: number;
}

/**
 * An approver refuses an upload held for approval: it is marked REJECTED once (while AWAITING_APPROVAL), then
 * each of its workers holding a place leaves the programme through the quota's own exit path
 * (src/quota/release.ts), which gives the place and its Rupiah back. Calling again finishes an interrupted
 * rejection and records nothing new.
 */
export async function rejectUpload(
  deps: {
    storage: UploadStorage;
    uploads: UploadRepository;
    workers: WorkerRepository;
    hash: (nik: string) => string;
    quota: QuotaDeps;
    now: () => Date;
  },
  uploadId: string,
  by: string,
  reason: string,
): Promise<RejectionResult> {
  const upload = await deps.uploads.get(uploadId);
  if (!upload) throw notFound(`Unggahan ${uploadId}`, `Upload ${uploadId}`);
  let rejection = upload.rejection;
  let rejectedNow = false;
  if (!rejection) {
    if (upload.status !== 'AWAITING_APPROVAL' || upload.approval)
      throw new LindungError(
        'conflict',
        'NOT_AWAITING_APPROVAL',
        `Unggahan ${uploadId} tidak sedang menunggu persetujuan (status ${upload.status}).`,
        `Upload ${uploadId} is not awaiting approval (status ${upload.status}).`,
        { retryable: false },
      );
    const at = deps.now().toISOString();
    rejection = { by, at, reason, released: 0 };
    rejectedNow = await deps.uploads.update(
      uploadId,
      { status: 'REJECTED', rejection, updatedAt: at },
      'AWAITING_APPROVAL',
    );
    if (!rejectedNow) return rejectUpload(deps, uploadId, by, reason); // decided meanwhile: look again
  }
  let released = 0;
  // The workers holding a place, from each chunk's records (only those who changed by themselves are read).
  for (let chunk = 1; chunk <= upload.chunkCount; chunk++) {
    const view = await readChunk(deps, uploadId, chunk).catch(() => undefined); // a chunk never registered
    for (const p of view?.positions ?? []) {
      if (p.state !== 'RESERVED') continue;
      const exit = await exitWorker(deps.quota, p.nikHash, {
        reason: `unggahan ditolak / upload rejected: ${reason}`,
        by,
      });
      if (exit.released) released += 1;
    }
  }
  if (released > 0)
    await deps.uploads.update(uploadId, {
      rejection: { ...rejection, released: rejection.released + released },
    });
  return { uploadId, rejectedNow, rejection, released };
}
