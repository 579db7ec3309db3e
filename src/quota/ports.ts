/** Ports of the quota domain: the programmes table, the quota fields of the worker registry, e-mail. */
import type { StatusChange, Worker, WorkerStatus } from '../workers/model.ts';
import type {
  Guard,
  OpRecord,
  Place,
  ProgrammeKey,
  ProgrammeSettings,
  ProgrammeState,
  WaitlistSpot,
} from './model.ts';

export type ApplyResult =
  | { status: 'applied'; state: ProgrammeState }
  /** An op with this id was applied before: its record (the op is never applied twice). */
  | { status: 'exists'; record: OpRecord }
  /** A guard did not hold: read again and decide again. */
  | { status: 'conflict' };

export type LedgerState = 'NEW' | 'APPLIED' | 'DONE';

/**
 * A ledger item (sk RESERVATION#<uploadId>#<chunk>, PROMOTION#<op>, IMPORT#<import>#<batch>): the op's input,
 * written before its counter update, so a retry repeats exactly the same decision; then its result and state.
 */
export interface LedgerEntry {
  sk: string;
  opId: string;
  state: LedgerState;
  /** Input rows, in order: [row or position, nikHash, desa, uploadId?, chunk?]. */
  rows: LedgerRow[];
  createdAt: string;
  result?: OpRecord;
  updatedAt?: string;
}

export type LedgerRow = [number, string, string, string?, number?];

export interface ProgrammeRepository {
  /** The programme item (strongly consistent), undefined when there is none. */
  get(key: ProgrammeKey): Promise<ProgrammeState | undefined>;
  /** Conditional create; 'exists' when the programme was there already. */
  create(settings: ProgrammeSettings, at: string, by: string): Promise<'created' | 'exists'>;
  /**
   * Replaces the settings, bumping configVersion, under `guard` (the version read and the limits in use), and
   * forgets the alerts of `rearm` thresholds in the same write (a raise puts use below them again).
   */
  updateSettings(
    key: ProgrammeKey,
    settings: ProgrammeSettings,
    guard: Guard,
    at: string,
    by: string,
    rearm?: readonly number[],
  ): Promise<'updated' | 'conflict'>;
  /**
   * Applies an op's counter change and records the op, in one conditional write: only if no op with this id
   * is recorded and every guard holds. With `enqueue` > 0 the op takes the next `enqueue` waitlist positions
   * (its record's firstPosition). `prune` lists done ops to drop in the same write.
   */
  applyOp(
    key: ProgrammeKey,
    opId: string,
    record: OpRecord,
    guard: Guard,
    options: { enqueue?: number; prune?: string[]; leaseUntil?: string },
  ): Promise<ApplyResult>;
  /** Marks an op's effects done (it may be pruned an hour later; no-op when already pruned); drops `prune` ops. */
  markOpDone(key: ProgrammeKey, opId: string, at: string, prune: string[]): Promise<void>;

  getLedger(key: ProgrammeKey, sk: string): Promise<LedgerEntry | undefined>;
  /** Creates the entry unless one exists; returns the stored one (the first writer's input wins). */
  createLedger(key: ProgrammeKey, entry: LedgerEntry): Promise<LedgerEntry>;
  /** Moves an entry on (NEW → APPLIED with its result → DONE); false when it was not in `from`. */
  setLedgerState(
    key: ProgrammeKey,
    sk: string,
    from: LedgerState[],
    to: LedgerState,
    at: string,
    result?: OpRecord,
  ): Promise<boolean>;

  /** Takes the promotion lease when free or expired. */
  acquireLease(key: ProgrammeKey, token: string, until: string, now: string): Promise<boolean>;
  /**
   * Gives the lease back. With `unless`, only when nothing could have made a promotion possible since the holder
   * looked: no op applied since (opSeq), or nobody waiting, or the quota full, or committed above `committedAbove`
   * (the budget cannot pay one more place).
   */
  releaseLease(
    key: ProgrammeKey,
    token: string,
    unless?: { opSeq: number; committedAbove: number },
  ): Promise<boolean>;

  /** Claims the alert of a threshold: when never claimed, or claimed but not sent before `staleBefore`. */
  claimAlert(key: ProgrammeKey, threshold: number, at: string, staleBefore: string): Promise<boolean>;
  markAlertsSent(key: ProgrammeKey, thresholds: number[], at: string): Promise<void>;
}

/** A registry worker with the quota fields. */
export interface QuotaWorker extends Worker {
  place?: Place;
  waitlist?: WaitlistSpot;
  /** The release op giving the place back right now (release-places.ts). */
  releasing?: string;
  /** The last place given back: release op, Rupiah given back. */
  releasedPlace?: Place & { releaseOp: string; refund: number; at: string };
}

export interface WaitlistEntry {
  nikHash: string;
  desa: string;
  kecamatan: string;
  position: number;
  uploadId: string;
  chunk: number;
}

type WorkerRef = Pick<Worker, 'nikHash' | 'desa'>;

/** The quota's view of the worker registry (workers table): places and the waitlist (sparse GSI). */
export interface QuotaWorkerRepository {
  get(nikHash: string): Promise<QuotaWorker | undefined>;
  getMany(nikHashes: string[]): Promise<QuotaWorker[]>;
  /** As WorkerRepository.transition: a status change (place and spot kept), false when not in `from`. */
  transition(worker: WorkerRef, from: WorkerStatus[], change: StatusChange): Promise<boolean>;
  /** From one of `from` to `change.to` (RESERVED) holding `place`; leaves the waitlist. False when not in `from`. */
  grantPlace(worker: WorkerRef, from: WorkerStatus[], place: Place, change: StatusChange): Promise<boolean>;
  /** PENDING → WAITLISTED at `spot`. False when not PENDING. */
  enqueue(worker: WorkerRef, spot: WaitlistSpot, change: StatusChange): Promise<boolean>;
  /** WAITLISTED at `position` → `change.to` (EXITED), out of the line. */
  leaveWaitlist(worker: WorkerRef, position: number, change: StatusChange): Promise<boolean>;
  /** Marks the worker as being released by `releaseOp` while it holds the place of `placeOp` and no other release has it. */
  markReleasing(worker: WorkerRef, placeOp: string, releaseOp: string): Promise<boolean>;
  /**
   * Drops the place of `place.op` (given back by `release.op`, which marked the worker). False when the worker
   * does not hold that place or another release marked it.
   */
  clearPlace(
    worker: WorkerRef,
    place: Pick<Place, 'op'>,
    release: { op: string; refund: number; at: string },
  ): Promise<boolean>;
  /** Gives a place to a worker holding none (already-covered imports). */
  setPlace(worker: WorkerRef, place: Place): Promise<boolean>;
  /** The line of a programme in first-come order, from after `afterPosition`. */
  listWaitlist(
    programme: string,
    options: { limit: number; afterPosition?: number },
  ): Promise<WaitlistEntry[]>;
  /** 1 + the number of workers ahead of `position` in the line. */
  waitlistRank(programme: string, position: number): Promise<number>;
}

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Sends e-mail (SES v2 in AWS and on the local stack). */
export interface MailSender {
  send(mail: Mail): Promise<void>;
}
