import { tallyStatuses } from '../coverage/rollup.ts';
import { noOutcomes, type OutcomeCounts } from '../uploads/model.ts';
import type { UploadRepository } from '../uploads/ports.ts';
import type { Worker } from '../workers/model.ts';
import { type ChunkReadDeps, type ChunkView, readChunk, workersOf } from './chunk-workers.ts';

/** A chunk's own outcome counts (duplicates are counted at registration, not from statuses). */
export type ChunkCounts = Omit<OutcomeCounts, 'duplicates'>;

/** Outcome counts of a chunk's own workers, from their current status. */
export function countOutcomes(workers: Array<Pick<Worker, 'status'>>): ChunkCounts {
  const { duplicates: _, ...counts } = noOutcomes();
  for (const w of workers) {
    if (w.status === 'REFERRED') counts.referred += 1;
    else if (w.status === 'WAITLISTED') counts.waitlisted += 1;
    else if (w.status === 'ENROLLED' || w.status === 'EXITED') counts.enrolled += 1;
    else if (w.status === 'FAILED') counts.failed += 1;
    else if (w.status === 'SUBMITTED') counts.submitted += 1;
    else if (w.status === 'RESERVED') counts.reserved += 1;
  }
  return counts;
}

/** Stores a chunk's outcome counts and states per desa from its workers as they are now (SET, not ADD). */
export async function recountChunk(
  deps: ChunkReadDeps,
  uploadId: string,
  chunk: number,
  before?: ChunkView,
): Promise<ChunkCounts> {
  return storeChunkCounts(deps, uploadId, chunk, workersOf(await readChunk(deps, uploadId, chunk, before)));
}

/** Stores a chunk's outcome counts and states per desa from its workers as the caller knows them. */
export async function storeChunkCounts(
  deps: { uploads: UploadRepository },
  uploadId: string,
  chunk: number,
  workers: Array<Pick<Worker, 'status' | 'desa'>>,
): Promise<ChunkCounts> {
  const counts = countOutcomes(workers);
  await deps.uploads.putChunkOutcome(uploadId, chunk, { ...counts, states: tallyStatuses(workers) });
  return counts;
}
