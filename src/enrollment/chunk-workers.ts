import type { UploadStorage } from '../uploads/ports.ts';
import type { Worker } from '../workers/model.ts';
import type { WorkerRepository } from '../workers/ports.ts';

/** The workers of one staged chunk that this upload registered (duplicates of earlier uploads excluded). */
export async function workersOfChunk(
  deps: { storage: UploadStorage; workers: WorkerRepository; hash: (nik: string) => string },
  uploadId: string,
  chunk: number,
): Promise<Worker[]> {
  const rows = await deps.storage.readChunk(uploadId, chunk);
  const profiles = await deps.workers.getMany(rows.map((r) => deps.hash(r.nik)));
  return profiles.filter((w) => w.uploadId === uploadId).sort((a, b) => a.row - b.row);
}
