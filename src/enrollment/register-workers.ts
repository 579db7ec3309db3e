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
  if (before?.reg?.length === rows.length) {
    const count = (c: string) => [...(before.reg ?? '')].filter((r) => r === c).length;
    return {
      ...task,
      staged: rows.length,
      duplicates: count('D'),
      referred: count('R'),
      pending: count('P'),
    };
  }
  const at = deps.now().toISOString();
  const outcomes = await pMap(
    rows,
    async (row, pos) => {
      const referred = Boolean(row.employer?.name || row.employer?.nib);
      const worker: Worker = {
        ...row,
        nikHash: deps.hash(row.nik),
        uploadId: task.uploadId,
        chunk: task.chunk,
        pos,
        status: referred ? 'REFERRED' : 'PENDING',
        createdAt: at,
        updatedAt: at,
      };
      const claim = await deps.workers.claim(worker);
      return claim === 'duplicate' ? 'duplicate' : referred ? 'referred' : 'pending';
    },
    { concurrency: 16 },
  );
  // Coverage counters per desa: every staged row, the duplicates of earlier uploads, the referred workers.
  const registered: DesaTally = {};
  const states: DesaTally = {};
  rows.forEach((row, i) => {
    addTo(registered, row.desa, 'rows');
    if (outcomes[i] === 'duplicate') addTo(registered, row.desa, 'duplicates');
    else if (outcomes[i] === 'referred') addTo(states, row.desa, 'referred');
  });
  const result: RegisterResult = {
    ...task,
    staged: rows.length,
    duplicates: outcomes.filter((o) => o === 'duplicate').length,
    referred: outcomes.filter((o) => o === 'referred').length,
    pending: outcomes.filter((o) => o === 'pending').length,
  };
  await deps.uploads.putChunkOutcome(task.uploadId, task.chunk, {
    staged: result.staged,
    duplicates: result.duplicates,
    referred: result.referred,
    // Each row's outcome, by position: what the chunk's later steps read instead of its workers.
    reg: outcomes.map((o) => (o === 'duplicate' ? 'D' : o === 'referred' ? 'R' : 'P')).join(''),
    ref: rows.flatMap((row, i) => (outcomes[i] === 'referred' ? [deps.hash(row.nik)] : [])),
    registered,
    states,
  });
  return result;
}
