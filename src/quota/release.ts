/**
 * Giving places back: a worker exits (`lindung worker exit`), or an enrollment fails for good. The worker's
 * status changes first (conditional), keeping its place; then the op `release#<nikHash>#<placeOp>` gives the
 * place back to the counters once (ops.ts), then the place is cleared from the worker. A crash in between is
 * finished by running the same call again: the worker still shows the place, and the op's record shows whether
 * the counters already got it back. Nothing is released while the worker is in a status that uses the place.
 */
import { refundFor } from './calendar.ts';
import { kecamatanOf, type QuotaDeps } from './context.ts';
import { emptyDelta, type OpRecord, type ProgrammeKey, parseProgrammeId } from './model.ts';
import { applyOnce, LeaseLostError } from './ops.ts';
import type { QuotaWorker } from './ports.ts';

export class WorkerNotFoundError extends Error {
  override readonly name = 'WorkerNotFoundError';
}

export class PlaceStillInUseError extends Error {
  override readonly name = 'PlaceStillInUseError';
}

export class PromotionBusyError extends Error {
  override readonly name = 'PromotionBusyError';
}

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
    throw new PlaceStillInUseError(`worker ${nikHash} is ${worker.status}: its place is in use`);
  const key = parseProgrammeId(place.programme);
  const opId = `release#${nikHash}#${place.op}`;
  // Covered once enrolled: the months up to now are due. Never enrolled: everything comes back.
  const covered = worker.status === 'EXITED' && worker.coverageStart !== undefined;
  const releaseOf = (refund: number, at: string): OpRecord => {
    const delta = emptyDelta();
    delta.used = -1;
    delta.committed = -refund;
    delta.kecUsed[place.kecamatan] = -1;
    return { kind: 'release', at, delta };
  };
  const { record } = await applyOnce(
    deps,
    key,
    opId,
    () => ({
      record: releaseOf(refundFor(place, deps.now(), covered), deps.now().toISOString()),
      guard: {},
    }),
    {
      // Given back before: the worker keeps the release (its op and refund) with the place it cleared.
      applied: async () => {
        const released = (await deps.workers.get(nikHash))?.releasedPlace;
        return released?.releaseOp === opId ? releaseOf(released.refund, released.at) : undefined;
      },
    },
  );
  const refund = -record.delta.committed;
  const at = deps.now().toISOString();
  await deps.workers.clearPlace(worker, place, { op: opId, refund, at });
  await deps.programmes.markOpDone(key, opId, at, []);
  return { released: true, refund, programme: key };
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
    if (!worker) throw new WorkerNotFoundError('worker not registered');
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
  throw new Error('worker status kept changing; try again');
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
  if (!acquired) throw new PromotionBusyError('a promotion is running; try again in a minute');
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
        if (s.lease?.token !== token) throw new LeaseLostError('lease lost while leaving the waitlist');
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
      const programmes = new Map<string, ProgrammeKey>();
      for (const w of workers) {
        const r = await releasePlace(deps, w.nikHash);
        if (r.released && r.programme)
          programmes.set(`${r.programme.regency}#${r.programme.year}`, r.programme);
      }
      if (promote) for (const key of programmes.values()) await promote(key);
    },
  };
}
