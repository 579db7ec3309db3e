import pMap from 'p-map';
import type { ChunkTask } from '../uploads/model.ts';
import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import type { WorkerRepository } from '../workers/ports.ts';
import { workersOfChunk } from './chunk-workers.ts';

export interface EnrollWorkersDeps {
  storage: UploadStorage;
  uploads: UploadRepository;
  workers: WorkerRepository;
  hash: (nik: string) => string;
  now: () => Date;
}

/**
 * Enrollment step for a chunk. Walking-skeleton version: RESERVED workers become ENROLLED with coverage from
 * the first day of next month. The BPJS gateway (file exchange, HTTP, simulator) replaces this in issue #5.
 */
export async function enrollWorkers(
  deps: EnrollWorkersDeps,
  task: ChunkTask,
): Promise<ChunkTask & { enrolled: number; failed: number }> {
  const reserved = (await workersOfChunk(deps, task.uploadId, task.chunk)).filter(
    (w) => w.status === 'RESERVED',
  );
  const now = deps.now();
  const coverageStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))
    .toISOString()
    .slice(0, 10);
  await pMap(
    reserved,
    (w) =>
      deps.workers.transition(w, ['RESERVED'], {
        to: 'ENROLLED',
        reason: 'enrolled (skeleton: no BPJS gateway yet)',
        by: `workflow:${task.uploadId}`,
        at: now.toISOString(),
        patch: { coverageStart },
      }),
    { concurrency: 16 },
  );
  const all = await workersOfChunk(deps, task.uploadId, task.chunk);
  const enrolled = all.filter((w) => w.status === 'ENROLLED').length;
  const failed = all.filter((w) => w.status === 'FAILED').length;
  await deps.uploads.putChunkOutcome(task.uploadId, task.chunk, { enrolled, failed });
  return { ...task, enrolled, failed };
}
