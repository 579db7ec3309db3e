/**
 * Applying an op to a programme's counters exactly once, without transactions.
 *
 * Every change of the counters is an op with a deterministic id (the chunk, the promotion batch, the released
 * place). Its counter update and its record are ONE conditional write on the programme item:
 * `attribute_not_exists(ops.<id>)` plus the guards the decision was made under (limits, first come first
 * served, config version, lease). So the op is either applied with its record or not at all; a retry that finds
 * the record adopts its result instead of applying again. The record stays until the op's effects on the
 * workers are done plus an hour (longer than any task or duplicate can still run), then is pruned in a later
 * write; the op's ledger item (DONE) or the worker's own state keeps a later re-run from applying it again.
 */
import type { Guard, OpRecord, ProgrammeKey, ProgrammeState } from './model.ts';
import type { ProgrammeRepository } from './ports.ts';

/** Ops done this long ago are dropped from the programme item. */
export const PRUNE_AFTER_MS = 60 * 60 * 1000;
const MAX_PRUNE_PER_WRITE = 25;
const MAX_ATTEMPTS = 200;

export class ProgrammeNotFoundError extends Error {
  override readonly name = 'ProgrammeNotFoundError';
}

/** Too many concurrent writers kept changing the counters: the task fails and is retried later. */
export class QuotaContentionError extends Error {
  override readonly name = 'QuotaContentionError';
}

export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

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

/** Done ops old enough to drop. */
export function prunable(state: ProgrammeState, now: Date): string[] {
  const before = new Date(now.getTime() - PRUNE_AFTER_MS).toISOString();
  return Object.entries(state.ops)
    .filter(([, op]) => op.done !== undefined && op.done < before)
    .map(([id]) => id)
    .slice(0, MAX_PRUNE_PER_WRITE);
}

export async function mustGetProgramme(
  programmes: ProgrammeRepository,
  key: ProgrammeKey,
): Promise<ProgrammeState> {
  const state = await programmes.get(key);
  if (!state) throw new ProgrammeNotFoundError(`no programme for regency ${key.regency} in ${key.year}`);
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
  options: { leaseUntil?: () => string; check?: (state: ProgrammeState) => void } = {},
): Promise<OpOutcome> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const state = await mustGetProgramme(deps.programmes, key);
    const existing = state.ops[opId];
    if (existing) return { record: existing };
    options.check?.(state);
    const { record, guard, enqueue } = plan(state);
    const result = await deps.programmes.applyOp(key, opId, record, guard, {
      ...(enqueue ? { enqueue } : {}),
      prune: prunable(state, deps.now()),
      ...(options.leaseUntil ? { leaseUntil: options.leaseUntil() } : {}),
    });
    if (result.status === 'applied') {
      const applied = result.state.ops[opId];
      if (!applied) throw new Error(`op ${opId} applied but not recorded`);
      return { record: applied, state: result.state };
    }
    if (result.status === 'exists') return { record: result.record };
    // Jittered back-off: concurrent chunks re-read and decide again.
    await sleep(Math.floor(Math.random() * Math.min(200, 5 * attempt)));
  }
  throw new QuotaContentionError(`op ${opId}: counters kept changing after ${MAX_ATTEMPTS} attempts`);
}
