/**
 * Applying an op to a programme's counters exactly once, without transactions, on an item that does not grow.
 *
 * Every change of the counters is an op with a deterministic id (the chunk, the promotion batch, the released
 * place). Its counter update and its record are ONE conditional write on the programme item:
 * `attribute_not_exists(ops.<id>)` plus the guards the decision was made under (limits, first come first
 * served, config version, lease) plus `opSeq` unchanged since the programme was read. So the op is either
 * applied with its record or not at all; a retry that finds the record adopts its result instead of applying
 * again. The op's result is then written where a re-run looks (`applied`: its ledger item, the worker's
 * released place) and, once its effects are done, its record is removed from the programme item (markOpDone):
 * the item holds only ops in flight, however many ran before.
 *
 * Why a duplicate run cannot apply twice: it reads the programme, then asks `applied`. If the first run had
 * removed the record before that read, its result was written before the removal, so `applied` finds it. If
 * the first run applied after that read, opSeq moved on and the duplicate's write fails; it reads again.
 */
import { errorClass } from '../shared/errors.ts';
import type { Guard, OpRecord, ProgrammeKey, ProgrammeState } from './model.ts';
import type { ProgrammeRepository } from './ports.ts';

const MAX_ATTEMPTS = 400;

/** The programme an operation names does not exist (any more). */
export class ProgrammeNotFoundError extends errorClass('ProgrammeNotFoundError', {
  code: 'PROGRAMME_NOT_FOUND',
  kind: 'not-found',
  retryable: false,
}) {
  constructor(key: ProgrammeKey) {
    super(
      `Tidak ada program kabupaten ${key.regency} tahun ${key.year}.`,
      `No programme of regency ${key.regency} for ${key.year}.`,
    );
  }
}

/** Too many concurrent writers kept changing the counters: the task fails and is retried later. */
export class QuotaContentionError extends errorClass('QuotaContentionError', {
  code: 'QUOTA_CONTENTION',
  kind: 'unavailable',
  retryable: true,
}) {}

/** Another run took over the promotion lease: this one stops; the next promotion goes on from where it is. */
export class LeaseLostError extends errorClass('LeaseLostError', {
  code: 'LEASE_LOST',
  kind: 'unavailable',
  retryable: true,
}) {}

export interface OpPlan {
  record: OpRecord;
  guard: Guard;
  enqueue?: number;
}

export interface OpOutcome {
  record: OpRecord;
  /** The programme right after this op (undefined when a previous attempt applied it). */
  state?: ProgrammeState;
}

export async function mustGetProgramme(
  programmes: ProgrammeRepository,
  key: ProgrammeKey,
): Promise<ProgrammeState> {
  const state = await programmes.get(key);
  if (!state) throw new ProgrammeNotFoundError(key);
  return state;
}

/**
 * Reads the programme, lets `plan` decide on what it read, and applies the decision under its guards; on a
 * conflict (someone else changed the counters) reads and decides again. Returns the op's record, whether this
 * call or an earlier one applied it.
 */
export async function applyOnce(
  deps: { programmes: ProgrammeRepository; now: () => Date; sleep?: (ms: number) => Promise<void> },
  key: ProgrammeKey,
  opId: string,
  plan: (state: ProgrammeState) => OpPlan,
  options: {
    leaseUntil?: () => string;
    check?: (state: ProgrammeState) => void;
    /** The op's result where a re-run finds it once the record has left the programme item. */
    applied: () => Promise<OpRecord | undefined>;
  },
): Promise<OpOutcome> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const state = await mustGetProgramme(deps.programmes, key);
    const existing = state.ops[opId];
    if (existing) return { record: existing };
    const done = await options.applied();
    if (done) return { record: done };
    options.check?.(state);
    const { record, guard, enqueue } = plan(state);
    const result = await deps.programmes.applyOp(
      key,
      opId,
      record,
      { ...guard, opSeq: state.opSeq },
      {
        ...(enqueue ? { enqueue } : {}),
        ...(options.leaseUntil ? { leaseUntil: options.leaseUntil() } : {}),
      },
    );
    if (result.status === 'applied') {
      const applied = result.state.ops[opId];
      if (!applied) throw new Error(`op ${opId} applied but not recorded`);
      return { record: applied, state: result.state };
    }
    if (result.status === 'exists') return { record: result.record };
    // Jittered back-off: concurrent chunks re-read and decide again.
    await sleep(Math.floor(Math.random() * Math.min(200, 5 * attempt)));
  }
  throw new QuotaContentionError(
    `Operasi ${opId}: penghitung kuota terus berubah setelah ${MAX_ATTEMPTS} percobaan; coba lagi.`,
    `op ${opId}: counters kept changing after ${MAX_ATTEMPTS} attempts`,
  );
}
