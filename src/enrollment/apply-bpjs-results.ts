import pMap from 'p-map';
import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import { acceptance } from '../workers/lifecycle.ts';
import type { Worker } from '../workers/model.ts';
import type { WorkerRepository } from '../workers/ports.ts';
import type { BatchRecord, BatchRepository } from './batches.ts';
import type { BatchAnswer } from './bpjs/gateway.ts';
import { type ChunkView, readChunk } from './chunk-workers.ts';

const LATE_ACCEPTANCE_REASON =
  'diterima BPJS setelah keluar: akhiri kepesertaannya di BPJS / accepted by BPJS after the exit: end the membership at BPJS; KPJ ';

/** Frees the quota places of workers whose enrollment failed for good (the quota module promotes the waitlist). */
export interface PlaceReleaser {
  release(workers: Worker[], reason: string): Promise<void>;
}

export interface ApplyResultsDeps {
  storage: UploadStorage;
  uploads: UploadRepository;
  workers: WorkerRepository;
  batches: Pick<BatchRepository, 'get'>;
  hash: (nik: string) => string;
  now: () => Date;
  releaser: PlaceReleaser;
}

export interface AppliedResults {
  enrolled: number;
  failed: number;
  /** Answers for workers who were not awaiting one (already applied: a replayed acknowledgement). */
  alreadyApplied: number;
  /** Answers for NIKs lindung never submitted. */
  unknown: string[];
  /** Batches lindung never sent: none of their answers is applied. */
  unknownBatches: Array<{ batchId: string; answers: number }>;
  /** Answers naming a batch that does not carry the worker (another batch's worker): not applied. */
  mismatched: Array<{ nik: string; batchId: string }>;
  /**
   * Acceptances of workers who exited while their batch was on its way: they stay EXITED (their place was given
   * back), with the KPJ recorded on them; the office ends these memberships at BPJS.
   */
  acceptedAfterExit: Array<{ nik: string; batchId: string; kpj: string }>;
  /** The answered batches lindung sent. */
  knownBatches: string[];
  /** The chunks whose workers changed, each once (as read before the change), for recounting their uploads. */
  chunks: ChunkView[];
  /** The new status of each worker whose status changed. */
  statuses: Map<string, 'ENROLLED' | 'FAILED'>;
}

/**
 * Applies BPJS's per-NIK answers: SUBMITTED → ENROLLED (with KPJ and coverage) or → FAILED (with the branch's
 * reason, retryable, and the place released). An answer applies only to a worker of the batch it names, a batch
 * lindung sent, who awaits it: the batch names its chunk, and the chunk's records say which batch carried whom
 * (src/workers/lifecycle.ts), so no worker is read but those who changed by themselves. The acceptances of a
 * batch are recorded once, on the chunk's answers (`answer` names them: the file or the reply); each refusal is
 * a conditional write on the worker. A forged or misdirected answer (unknown batch, another batch's or chunk's
 * worker) changes nothing and is reported; a replayed answer changes nothing either.
 */
export async function applyBpjsResults(
  deps: ApplyResultsDeps,
  answers: BatchAnswer[],
  context: { by: string; coverageEnd: string; answer: string },
  /** A chunk the caller has just read: its staged rows and their hashes are reused. */
  known?: ChunkView,
): Promise<AppliedResults> {
  // Each batch's answers, grouped once (an acknowledgement file may answer hundreds of batches).
  const byBatch = new Map<string, BatchAnswer[]>();
  for (const a of answers) {
    const list = byBatch.get(a.batchId);
    if (list) list.push(a);
    else byBatch.set(a.batchId, [a]);
  }
  const batchIds = [...byBatch.keys()];
  const batches = new Map(
    (await pMap(batchIds, async (id) => [id, await deps.batches.get(id)] as const)).filter(
      (e): e is readonly [string, BatchRecord] => e[1] !== undefined,
    ),
  );
  const applied: AppliedResults = {
    enrolled: 0,
    failed: 0,
    alreadyApplied: 0,
    unknown: [],
    unknownBatches: batchIds
      .filter((id) => !batches.has(id))
      .map((batchId) => ({ batchId, answers: byBatch.get(batchId)?.length ?? 0 })),
    mismatched: [],
    acceptedAfterExit: [],
    knownBatches: [...batches.keys()],
    chunks: [],
    statuses: new Map(),
  };
  const at = deps.now().toISOString();
  const failedWorkers: Worker[] = [];
  const lateAcceptances: Array<{ worker: Worker; kpj: string; coverageStart: string }> = [];
  // The chunks as last read: a chunk answered in several batches (its first run's and a promotion's) has its
  // staged rows read once (its record again for each batch: the batch before may have changed it).
  const views = new Map<string, ChunkView>();
  if (known) views.set(`${known.uploadId}#${known.chunk}`, known);
  const changedChunks = new Set<string>();
  for (const [batchId, batch] of batches) {
    const chunkKey = `${batch.uploadId}#${batch.chunk}`;
    const view = await readChunk(deps, batch.uploadId, batch.chunk, views.get(chunkKey));
    views.set(chunkKey, view);
    const byHash = new Map(view.positions.map((p) => [p.nikHash, p]));
    const accepted: Record<string, string> = {};
    const refused: Array<{ worker: Worker; reason: string }> = [];
    const strangers: Array<{ nik: string; nikHash: string }> = [];
    for (const answer of byBatch.get(batchId) ?? []) {
      const nikHash = deps.hash(answer.nik);
      const position = byHash.get(nikHash);
      const worker = position?.worker;
      if (!worker) {
        strangers.push({ nik: answer.nik, nikHash });
        continue;
      }
      if (worker.batchId !== batchId) {
        applied.mismatched.push({ nik: answer.nik, batchId });
        continue;
      }
      if (position.state === 'EXITED' && answer.outcome === 'ACCEPTED') {
        applied.acceptedAfterExit.push({ nik: answer.nik, batchId, kpj: answer.kpj });
        lateAcceptances.push({ worker, kpj: answer.kpj, coverageStart: answer.coverageStart });
        continue;
      }
      if (position.state !== 'SUBMITTED') {
        applied.alreadyApplied += 1;
        // Refused before, but the place not given back yet (a crash in between): give it back now.
        if (answer.outcome !== 'ACCEPTED' && position.state === 'FAILED' && 'place' in worker)
          failedWorkers.push(worker);
        continue;
      }
      if (answer.outcome === 'ACCEPTED') accepted[String(position.pos)] = acceptance({ ...answer, nikHash });
      else refused.push({ worker, reason: answer.reason });
    }
    // Not workers of the batch's chunk: of another batch when lindung knows the NIK, else unknown (read at once,
    // each NIK once: a batch read refuses a key named twice).
    if (strangers.length > 0) {
      const registered = new Set(
        (await deps.workers.getMany([...new Set(strangers.map((s) => s.nikHash))])).map((w) => w.nikHash),
      );
      for (const { nik, nikHash } of strangers)
        if (registered.has(nikHash)) applied.mismatched.push({ nik, batchId });
        else applied.unknown.push(nik);
    }
    const acceptedCount = Object.keys(accepted).length;
    if (acceptedCount > 0) {
      const programme = view.record.res?.programme;
      if (!programme) throw new Error(`chunk ${batch.chunk} of upload ${batch.uploadId} has no reservation`);
      await deps.uploads.putChunkAnswers(programme, batch.uploadId, batch.chunk, context.answer, {
        batchId,
        at,
        by: context.by,
        coverageEnd: context.coverageEnd,
        e: accepted,
      });
      applied.enrolled += acceptedCount;
      for (const pos of Object.keys(accepted)) {
        const h = view.positions[Number(pos)]?.nikHash;
        if (h) applied.statuses.set(h, 'ENROLLED');
      }
    }
    await pMap(
      refused,
      async ({ worker, reason }) => {
        const changed = await deps.workers.transition(worker, ['SUBMITTED'], {
          by: context.by,
          at,
          to: 'FAILED',
          reason,
          patch: { reason },
        });
        if (!changed) {
          applied.alreadyApplied += 1;
          return;
        }
        applied.failed += 1;
        applied.statuses.set(worker.nikHash, 'FAILED');
        failedWorkers.push(worker);
      },
      { concurrency: 16 },
    );
    // Each changed chunk once, so that it is recounted once.
    if (acceptedCount + refused.length > 0 && !changedChunks.has(chunkKey)) {
      changedChunks.add(chunkKey);
      applied.chunks.push(view);
    }
  }
  // Once each (a replayed answer records nothing again); the worker passed without its former place.
  for (const { worker, kpj, coverageStart } of lateAcceptances) {
    const { nikHash, desa, uploadId, chunk, pos } = worker;
    await deps.workers.recordLateAcceptance(
      { nikHash, desa, uploadId, ...(chunk !== undefined && pos !== undefined ? { chunk, pos } : {}) },
      {
        to: 'EXITED',
        by: context.by,
        at,
        reason: `${LATE_ACCEPTANCE_REASON}${kpj}`,
        patch: { kpj, coverageStart, coverageEnd: context.coverageEnd },
      },
    );
  }
  if (failedWorkers.length > 0) await deps.releaser.release(failedWorkers, 'enrollment failed');
  return applied;
}
