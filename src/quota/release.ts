/**
 * Giving places back: a worker exits (`lindung worker exit`), or an enrollment fails for good. The worker's
 * status changes first (conditional), keeping its place; then release-places.ts gives the places back to the
 * counters in one op per release and clears them from the workers. A crash in between is finished by running
 * the same call again. Nothing is released while the worker is in a status that uses the place.
 */

import { errorClass } from '../shared/errors.ts';
import { kecamatanOf, type QuotaDeps } from './context.ts';
import { emptyDelta, type OpRecord, type ProgrammeKey, parseProgrammeId } from './model.ts';
import { applyOnce, LeaseLostError, QuotaContentionError } from './ops.ts';
import type { QuotaWorker } from './ports.ts';
import { releaseIdOf, releasePlaces } from './release-places.ts';

export class WorkerNotFoundError extends errorClass('WorkerNotFoundError', {
  code: 'WORKER_NOT_FOUND',
  kind: 'not-found',
  retryable: false,
}) {}

/** The worker's status still uses its place (e.g. ENROLLED): nothing is released. */
export class PlaceStillInUseError extends errorClass('PlaceStillInUseError', {
  code: 'PLACE_IN_USE',
  kind: 'conflict',
  retryable: false,
}) {}

export class PromotionBusyError extends errorClass('PromotionBusyError', {
  code: 'PROMOTION_BUSY',
  kind: 'unavailable',
  retryable: true,
}) {}

export interface ReleaseResult {
  released: boolean;
  /** Rupiah given back to the budget. */
  refund: number;
  programme?: ProgrammeKey;
}

/** Gives back the place of a worker who no longer uses it (EXITED, or FAILED for good). */
export async function releasePlace(deps: QuotaDeps, nikHash: string): Promise<ReleaseResult> {
  const worker = await deps.workers.get(nikHash);
  const place = worker?.place;
  if (!worker || !place) return { released: false, refund: 0 };
  if (worker.status !== 'EXITED' && worker.status !== 'FAILED')
    throw new PlaceStillInUseError(
      `Pekerja ${nikHash} berstatus ${worker.status}: tempatnya masih dipakai.`,
      `Worker ${nikHash} is ${worker.status}: its place is in use.`,
    );
  const done = await releasePlaces(deps, `${nikHash}#${place.op}`, [nikHash]);
  const programme = done.programmes[0];
  return { released: done.released > 0, refund: done.refund, ...(programme ? { programme } : {}) };
}

export interface ExitResult {
  from: QuotaWorker['status'];
  released: boolean;
  refund: number;
  leftWaitlist: boolean;
  programme?: ProgrammeKey;
}

/**
 * A worker leaves the programme (moved away, died, now covered by an employer…): EXITED, and the place held or
 * the spot in line is given back. Running it again finishes an exit that was interrupted.
 */
export async function exitWorker(
  deps: QuotaDeps,
  nikHash: string,
  change: { reason: string; by: string },
): Promise<ExitResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const worker = await deps.workers.get(nikHash);
    if (!worker) throw new WorkerNotFoundError('Pekerja tidak terdaftar.', 'Worker not registered.');
    const from = worker.status;
    if (from === 'WAITLISTED' && worker.waitlist) {
      const key = parseProgrammeId(worker.waitlist.programme);
      const left = await leaveWaitlist(deps, key, worker, change);
      if (!left) continue;
      return { from, released: false, refund: 0, leftWaitlist: true, programme: key };
    }
    if (from !== 'EXITED') {
      const moved = await deps.workers.transition(worker, [from], {
        to: 'EXITED',
        reason: change.reason,
        by: change.by,
        at: deps.now().toISOString(),
      });
      if (!moved) continue; // changed under us: look again
    }
    const released = await releasePlace(deps, nikHash);
    return { from, leftWaitlist: false, ...released };
  }
  throw new QuotaContentionError(
    'Status pekerja terus berubah; coba lagi.',
    'The worker status kept changing; try again.',
  );
}

export const leaveOpId = (nikHash: string, position: number) => `leave#${nikHash}#${position}`;

/** Out of the line, under the promotion lease (so no promoter picks the worker meanwhile). */
async function leaveWaitlist(
  deps: QuotaDeps,
  key: ProgrammeKey,
  worker: QuotaWorker,
  change: { reason: string; by: string },
): Promise<boolean> {
  const spot = worker.waitlist;
  if (!spot) return false;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const token = crypto.randomUUID();
  const until = () => new Date(deps.now().getTime() + 60_000).toISOString();
  let acquired = false;
  for (let i = 0; i < 300 && !acquired; i++) {
    acquired = await deps.programmes.acquireLease(key, token, until(), deps.now().toISOString());
    if (!acquired) await sleep(200);
  }
  if (!acquired)
    throw new PromotionBusyError(
      'Promosi dari daftar tunggu sedang berjalan; coba lagi dalam satu menit.',
      'A promotion is running; try again in a minute.',
    );
  try {
    const fresh = await deps.workers.get(worker.nikHash);
    if (fresh?.status !== 'WAITLISTED' || fresh.waitlist?.position !== spot.position) return false;
    const opId = leaveOpId(worker.nikHash, spot.position);
    const leaveRecord = (): OpRecord => {
      const delta = emptyDelta();
      delta.waitlisted = -1;
      delta.kecWaitlisted[kecamatanOf(worker.desa)] = -1;
      return { kind: 'leave', at: deps.now().toISOString(), delta };
    };
    await applyOnce(deps, key, opId, () => ({ record: leaveRecord(), guard: { leaseToken: token } }), {
      // Out of the line already (finishLeave ran): the op was applied and its record removed.
      applied: async () => {
        const now = await deps.workers.get(worker.nikHash);
        return now?.status === 'WAITLISTED' && now.waitlist?.position === spot.position
          ? undefined
          : leaveRecord();
      },
      check: (s) => {
        if (s.lease?.token !== token)
          throw new LeaseLostError(
            'Giliran promosi hilang saat keluar dari daftar tunggu.',
            'Lease lost while leaving the waitlist.',
          );
      },
    });
    await finishLeave(deps, key, opId, change.by, change.reason);
    return true;
  } finally {
    await deps.programmes.releaseLease(key, token);
  }
}

/** The registry side of a waitlist exit (also run by a promoter that finds one unfinished). */
export async function finishLeave(
  deps: QuotaDeps,
  key: ProgrammeKey,
  opId: string,
  by: string,
  reason = 'keluar dari daftar tunggu / left the waitlist',
): Promise<void> {
  const [, nikHash, position] = opId.split('#');
  const worker = nikHash ? await deps.workers.get(nikHash) : undefined;
  const at = deps.now().toISOString();
  if (worker) await deps.workers.leaveWaitlist(worker, Number(position), { to: 'EXITED', reason, by, at });
  await deps.programmes.markOpDone(key, opId, at, []);
}

/**
 * The quota side of the enrollment step's PlaceReleaser (src/enrollment/apply-bpjs-results.ts): gives back the
 * places of workers whose enrollment failed for good (they are FAILED already), then promotes the waitlist of
 * each programme concerned.
 */
export function quotaPlaceReleaser(
  deps: QuotaDeps,
  promote?: (key: ProgrammeKey) => Promise<unknown>,
): { release(workers: Array<{ nikHash: string }>, reason: string): Promise<void> } {
  return {
    async release(workers) {
      if (workers.length === 0) return;
      const hashes = workers.map((w) => w.nikHash);
      // One counter change for all of them (a chunk's or a batch's refusals), not one per worker.
      const done = await releasePlaces(deps, releaseIdOf('failed', hashes), hashes);
      if (promote) for (const key of done.programmes) await promote(key);
    },
  };
}
