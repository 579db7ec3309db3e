import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import type { Worker } from '../workers/model.ts';
import type { WorkerRepository } from '../workers/ports.ts';
import { recountChunk } from './chunk-outcome.ts';
import { type FinalizeUploadDeps, finalizeUpload } from './finalize-upload.ts';

/** Uploads a change outside the workflow may touch: a running one is counted by its own closing step. */
const SETTLED = new Set(['COMPLETED', 'AWAITING_BPJS', 'AWAITING_APPROVAL', 'FAILED']);

/**
 * After a worker changed outside the workflow (an exit, an administrator's change): its chunk is recounted and
 * its upload's outcomes and coverage counters set again, as the closing step does.
 */
export async function refreshWorkerUpload(
  deps: FinalizeUploadDeps & {
    storage: UploadStorage;
    uploads: UploadRepository;
    workers: WorkerRepository;
    hash: (nik: string) => string;
  },
  worker: Pick<Worker, 'uploadId' | 'chunk'>,
): Promise<void> {
  const upload = await deps.uploads.get(worker.uploadId);
  if (!upload || !SETTLED.has(upload.status)) return;
  if (worker.chunk !== undefined) await recountChunk(deps, worker.uploadId, worker.chunk);
  await finalizeUpload(deps, { uploadId: worker.uploadId });
}
