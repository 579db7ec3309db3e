import pMap from 'p-map';
import type { Worker } from '../workers/model.ts';
import type { WorkerRepository } from '../workers/ports.ts';
import type { BatchRepository } from './batches.ts';
import type { BatchAnswer } from './bpjs/gateway.ts';

/** Frees the quota places of workers whose enrollment failed for good (the quota module promotes the waitlist). */
export interface PlaceReleaser {
  release(workers: Worker[], reason: string): Promise<void>;
}

export interface ApplyResultsDeps {
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
  /** The answered batches lindung sent. */
  knownBatches: string[];
  /** Workers whose status changed, for recounting their uploads. */
  changed: Worker[];
  /** The new status of each worker whose status changed. */
  statuses: Map<string, 'ENROLLED' | 'FAILED'>;
}

/**
 * Applies BPJS's per-NIK answers: SUBMITTED → ENROLLED (with KPJ and coverage) or → FAILED (with the branch's
 * reason, retryable, and the place released). An answer applies only to a worker of the batch it names, a batch
 * lindung sent, who awaits it (the worker's current state: its chunk's records say which batch carried it), and
 * the write changing it is conditional on the worker's stored status: a forged or misdirected answer (unknown
 * batch, another batch's worker) changes nothing and is reported, and a replayed answer changes nothing either.
 */
export async function applyBpjsResults(
  deps: ApplyResultsDeps,
  answers: BatchAnswer[],
  context: {
    by: string;
    coverageEnd: string;
    /** The answered workers as the caller just read them (no second read). */
    profiles?: Worker[];
  },
): Promise<AppliedResults> {
  const batchIds = [...new Set(answers.map((a) => a.batchId))];
  const known = new Set(
    (await pMap(batchIds, async (id) => ((await deps.batches.get(id)) ? id : undefined))).filter(
      (id): id is string => id !== undefined,
    ),
  );
  const byHash = new Map(answers.filter((a) => known.has(a.batchId)).map((a) => [deps.hash(a.nik), a]));
  const profiles = context.profiles ?? (await deps.workers.getMany([...byHash.keys()]));
  const found = new Set(profiles.map((p) => p.nikHash));
  const applied: AppliedResults = {
    enrolled: 0,
    failed: 0,
    alreadyApplied: 0,
    unknown: [...byHash].filter(([hash]) => !found.has(hash)).map(([, a]) => a.nik),
    unknownBatches: batchIds
      .filter((id) => !known.has(id))
      .map((batchId) => ({ batchId, answers: answers.filter((a) => a.batchId === batchId).length })),
    mismatched: [],
    knownBatches: [...known],
    changed: [],
    statuses: new Map(),
  };
  const at = deps.now().toISOString();
  const failedWorkers: Worker[] = [];
  await pMap(
    profiles,
    async (worker) => {
      const answer = byHash.get(worker.nikHash);
      if (!answer) return;
      if (worker.batchId !== answer.batchId) {
        applied.mismatched.push({ nik: answer.nik, batchId: answer.batchId });
        return;
      }
      const common = { by: context.by, at };
      const changed =
        worker.status !== 'SUBMITTED'
          ? false
          : answer.outcome === 'ACCEPTED'
            ? await deps.workers.transition(worker, ['SUBMITTED'], {
                ...common,
                to: 'ENROLLED',
                reason: `diterima BPJS Ketenagakerjaan, KPJ ${answer.kpj}`,
                patch: {
                  kpj: answer.kpj,
                  coverageStart: answer.coverageStart,
                  coverageEnd: context.coverageEnd,
                },
              })
            : await deps.workers.transition(worker, ['SUBMITTED'], {
                ...common,
                to: 'FAILED',
                reason: answer.reason,
                patch: { reason: answer.reason },
              });
      if (!changed) {
        applied.alreadyApplied += 1;
        // Refused before, but the place not given back yet (a crash in between): give it back now.
        if (answer.outcome !== 'ACCEPTED' && worker.status === 'FAILED' && 'place' in worker)
          failedWorkers.push(worker);
        return;
      }
      applied.changed.push(worker);
      applied.statuses.set(worker.nikHash, answer.outcome === 'ACCEPTED' ? 'ENROLLED' : 'FAILED');
      if (answer.outcome === 'ACCEPTED') applied.enrolled += 1;
      else {
        applied.failed += 1;
        failedWorkers.push(worker);
      }
    },
    { concurrency: 16 },
  );
  if (failedWorkers.length > 0) await deps.releaser.release(failedWorkers, 'enrollment failed');
  return applied;
}
