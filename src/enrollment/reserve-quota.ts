import pMap from 'p-map';
import type { ChunkTask } from '../uploads/model.ts';
import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import type { WorkerRepository } from '../workers/ports.ts';
import { workersOfChunk } from './chunk-workers.ts';

export interface ReserveQuotaDeps {
  storage: UploadStorage;
  uploads: UploadRepository;
  workers: WorkerRepository;
  hash: (nik: string) => string;
  now: () => Date;
}

/**
 * Quota step for a chunk. Walking-skeleton version: every PENDING worker gets a place (RESERVED). The
 * programme's headcount/budget limits and the waitlist replace this in the quota issue (#4); the task's
 * input, output and place in the workflow stay as they are.
 */
export async function reserveQuota(
  deps: ReserveQuotaDeps,
  task: ChunkTask,
): Promise<ChunkTask & { reserved: number; waitlisted: number }> {
  const pending = (await workersOfChunk(deps, task.uploadId, task.chunk)).filter(
    (w) => w.status === 'PENDING',
  );
  const at = deps.now().toISOString();
  await pMap(
    pending,
    (w) =>
      deps.workers.transition(w, ['PENDING'], {
        to: 'RESERVED',
        reason: 'quota place reserved',
        by: `workflow:${task.uploadId}`,
        at,
      }),
    { concurrency: 16 },
  );
  const all = await workersOfChunk(deps, task.uploadId, task.chunk);
  const reserved = all.filter((w) => w.status === 'RESERVED').length;
  const waitlisted = all.filter((w) => w.status === 'WAITLISTED').length;
  await deps.uploads.putChunkOutcome(task.uploadId, task.chunk, { waitlisted });
  return { ...task, reserved, waitlisted };
}
