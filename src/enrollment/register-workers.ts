import pMap from 'p-map';
import { addTo, type DesaTally } from '../coverage/rollup.ts';
import type { ChunkTask } from '../uploads/model.ts';
import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import type { Worker } from '../workers/model.ts';
import type { WorkerRepository } from '../workers/ports.ts';

export interface RegisterWorkersDeps {
  storage: UploadStorage;
  uploads: UploadRepository;
  workers: WorkerRepository;
  hash: (nik: string) => string;
  now: () => Date;
}

export interface RegisterResult extends ChunkTask {
  staged: number;
  duplicates: number;
  referred: number;
  pending: number;
}

/** The counts of a chunk's registration outcomes ('P' pending, 'R' referred, 'D' duplicate, one per row). */
function countsOf(reg: string): Omit<RegisterResult, keyof ChunkTask> {
  const count = (c: string) => reg.split(c).length - 1;
  return { staged: reg.length, duplicates: count('D'), referred: count('R'), pending: count('P') };
}

/**
 * First workflow step for a chunk: register each staged worker in the registry. A NIK registered or pending
 * from an earlier upload is a DUPLICATE; a worker with an employer is REFERRED (the employer must register
 * them); the rest are PENDING a quota place. Each row's outcome goes on the chunk's record (`reg`), so the
 * chunk's later steps need not read its workers. Idempotent: a retry re-claims its own workers.
 */
export async function registerWorkers(deps: RegisterWorkersDeps, task: ChunkTask): Promise<RegisterResult> {
  const [rows, before] = await Promise.all([
    deps.storage.readChunk(task.uploadId, task.chunk),
    deps.uploads.getChunk(task.uploadId, task.chunk, true),
  ]);
  // Registered before (a later run of the chunk: promotion, retry, approval): its outcomes are on the record.
  if (before?.reg?.length === rows.length) return { ...task, ...countsOf(before.reg) };
  const at = deps.now().toISOString();
  const hashes = rows.map((row) => deps.hash(row.nik));
  const reg = (
    await pMap(
      rows,
      async (row, pos) => {
        const referred = Boolean(row.employer?.name || row.employer?.nib);
        const worker: Worker = {
          ...row,
          nikHash: hashes[pos] as string,
          uploadId: task.uploadId,
          chunk: task.chunk,
          pos,
          status: referred ? 'REFERRED' : 'PENDING',
          createdAt: at,
          updatedAt: at,
        };
        const claim = await deps.workers.claim(worker);
        return claim === 'duplicate' ? 'D' : referred ? 'R' : 'P';
      },
      { concurrency: 16 },
    )
  ).join('');
  // Coverage counters per desa: every staged row, the duplicates of earlier uploads, the referred workers.
  const registered: DesaTally = {};
  const states: DesaTally = {};
  rows.forEach((row, i) => {
    addTo(registered, row.desa, 'rows');
    if (reg[i] === 'D') addTo(registered, row.desa, 'duplicates');
    else if (reg[i] === 'R') addTo(states, row.desa, 'referred');
  });
  const result: RegisterResult = { ...task, ...countsOf(reg) };
  await deps.uploads.putChunkOutcome(task.uploadId, task.chunk, {
    staged: result.staged,
    duplicates: result.duplicates,
    referred: result.referred,
    // Each row's outcome, by position: what the chunk's later steps read instead of its workers.
    reg,
    ref: hashes.filter((_, i) => reg[i] === 'R'),
    registered,
    states,
  });
  return result;
}
