import pMap from 'p-map';
import type { Worker } from '../workers/model.ts';
import type { WorkerRepository } from '../workers/ports.ts';
import type { ParticipantResult } from './bpjs/gateway.ts';

/** Frees the quota places of workers whose enrollment failed for good (the quota module promotes the waitlist). */
export interface PlaceReleaser {
  release(workers: Worker[], reason: string): Promise<void>;
}

export interface ApplyResultsDeps {
  workers: WorkerRepository;
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
  /** Workers whose status changed, for recounting their uploads. */
  changed: Worker[];
  /** The new status of each worker whose status changed. */
  statuses: Map<string, 'ENROLLED' | 'FAILED'>;
}

/**
 * Applies BPJS's per-NIK answers: SUBMITTED → ENROLLED (with KPJ and coverage) or → FAILED (with the branch's
 * reason, retryable, and the place released). Conditional on SUBMITTED, so a replayed answer changes nothing.
 */
export async function applyBpjsResults(
  deps: ApplyResultsDeps,
  results: ParticipantResult[],
  context: {
    by: string;
    coverageEnd: string /** The answered workers as the caller just read them. */;
    profiles?: Worker[];
  },
): Promise<AppliedResults> {
  const byHash = new Map(results.map((r) => [deps.hash(r.nik), r]));
  const profiles = context.profiles ?? (await deps.workers.getMany([...byHash.keys()]));
  const found = new Set(profiles.map((p) => p.nikHash));
  const applied: AppliedResults = {
    enrolled: 0,
    failed: 0,
    alreadyApplied: 0,
    unknown: results.filter((r) => !found.has(deps.hash(r.nik))).map((r) => r.nik),
    changed: [],
    statuses: new Map(),
  };
  const at = deps.now().toISOString();
  const failedWorkers: Worker[] = [];
  await pMap(
    profiles,
    async (worker) => {
      const result = byHash.get(worker.nikHash);
      if (!result) return;
      const changed =
        result.outcome === 'ACCEPTED'
          ? await deps.workers.transition(worker, ['SUBMITTED'], {
              to: 'ENROLLED',
              reason: `diterima BPJS Ketenagakerjaan, KPJ ${result.kpj}`,
              by: context.by,
              at,
              patch: {
                kpj: result.kpj,
                coverageStart: result.coverageStart,
                coverageEnd: context.coverageEnd,
              },
            })
          : await deps.workers.transition(worker, ['SUBMITTED'], {
              to: 'FAILED',
              reason: result.reason,
              by: context.by,
              at,
              patch: { reason: result.reason },
            });
      if (!changed) {
        applied.alreadyApplied += 1;
        // Refused before, but the place not given back yet (a crash in between): give it back now.
        if (result.outcome !== 'ACCEPTED' && worker.status === 'FAILED' && 'place' in worker)
          failedWorkers.push(worker);
        return;
      }
      applied.changed.push(worker);
      applied.statuses.set(worker.nikHash, result.outcome === 'ACCEPTED' ? 'ENROLLED' : 'FAILED');
      if (result.outcome === 'ACCEPTED') applied.enrolled += 1;
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
