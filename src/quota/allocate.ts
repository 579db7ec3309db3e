/**
 * Who gets a place: the pure decision behind every reservation and promotion. Both limits hold at once
 * (headcount and committed Rupiah), and the per-kecamatan allocation when one is set. First come, first
 * served: new rows never overtake someone already waiting for the same kind of place.
 */
import { type Delta, emptyDelta, type Guard, type ProgrammeState } from './model.ts';

export interface AllocationRow {
  kecamatan: string;
}

export interface Allocation {
  /** Places granted per kecamatan: the first rows of each kecamatan, in the order given. */
  grants: Record<string, number>;
  granted: number;
  /** 'new' mode: rows that go to the waitlist. */
  enqueued: number;
  delta: Delta;
  /** What the decision read, as conditions of the counter update (no place can be over-granted). */
  guard: Guard;
}

/** Places free overall: headcount and budget both (a place costs `cost` Rupiah). */
export function globalRoom(state: ProgrammeState, cost: number): number {
  const byHeadcount = state.quota - state.used;
  const byBudget = cost > 0 ? Math.floor((state.budgetCeiling - state.committed) / cost) : byHeadcount;
  return Math.max(0, Math.min(byHeadcount, byBudget));
}

/** Places free in a kecamatan's allocation (Infinity when it has none). */
export function kecamatanRoom(state: ProgrammeState, kecamatan: string): number {
  const quota = state.kecamatanQuotas[kecamatan];
  if (quota === undefined) return Number.POSITIVE_INFINITY;
  return Math.max(0, quota - (state.kecUsed[kecamatan] ?? 0));
}

/**
 * Workers waiting for a place overall (not only for their kecamatan's allocation). While there are any, new
 * rows join the line behind them; promotion serves the line.
 */
export function waitingForGlobalRoom(state: ProgrammeState): number {
  let blockedByKecamatan = 0;
  for (const [k, n] of Object.entries(state.kecWaitlisted)) {
    if (n > 0 && kecamatanRoom(state, k) === 0) blockedByKecamatan += n;
  }
  return Math.max(0, state.waitlisted - blockedByKecamatan);
}

/** True when someone waiting could be given a place now. */
export function promotable(state: ProgrammeState, cost: number): boolean {
  if (state.waitlisted <= 0 || globalRoom(state, cost) <= 0) return false;
  return Object.entries(state.kecWaitlisted).some(([k, n]) => n > 0 && kecamatanRoom(state, k) > 0);
}

/**
 * Decides a chunk of rows (mode 'new': rows of an upload; the ungranted ones join the waitlist) or a slice of
 * the waitlist in line order (mode 'promote': the ungranted ones stay where they are).
 */
export function allocate(
  state: ProgrammeState,
  rows: readonly AllocationRow[],
  cost: number,
  mode: 'new' | 'promote',
): Allocation {
  let room = globalRoom(state, cost);
  if (mode === 'new' && waitingForGlobalRoom(state) > 0) room = 0;
  const grants: Record<string, number> = {};
  const notGranted: Record<string, number> = {};
  let granted = 0;
  for (const { kecamatan: k } of rows) {
    const kecGranted = grants[k] ?? 0;
    const someoneAhead = mode === 'new' && (state.kecWaitlisted[k] ?? 0) > 0;
    if (granted < room && !someoneAhead && kecGranted < kecamatanRoom(state, k)) {
      grants[k] = kecGranted + 1;
      granted += 1;
    } else {
      notGranted[k] = (notGranted[k] ?? 0) + 1;
    }
  }
  const delta = emptyDelta();
  delta.used = granted;
  delta.committed = granted * cost;
  for (const [k, n] of Object.entries(grants)) delta.kecUsed[k] = n;
  const enqueued = mode === 'new' ? rows.length - granted : 0;
  if (mode === 'new') {
    delta.waitlisted = enqueued;
    for (const [k, n] of Object.entries(notGranted)) delta.kecWaitlisted[k] = n;
  } else {
    delta.waitlisted = -granted;
    for (const [k, n] of Object.entries(grants)) delta.kecWaitlisted[k] = -n;
  }

  const guard: Guard = { configVersion: state.configVersion };
  if (granted > 0) {
    guard.maxUsed = state.quota - granted;
    guard.maxCommitted = state.budgetCeiling - granted * cost;
    const maxKecUsed: Record<string, number> = {};
    for (const [k, n] of Object.entries(grants)) {
      const quota = state.kecamatanQuotas[k];
      if (quota !== undefined) maxKecUsed[k] = quota - n;
    }
    if (Object.keys(maxKecUsed).length > 0) guard.maxKecUsed = maxKecUsed;
    if (mode === 'new') {
      // Nobody joined the line in the meantime (else these rows would overtake them).
      guard.waitlisted = state.waitlisted;
      guard.kecWaitlisted = Object.fromEntries(
        Object.keys(grants).map((k) => [k, state.kecWaitlisted[k] ?? 0]),
      );
    }
  }
  return { grants, granted, enqueued, delta, guard };
}

/**
 * Splits rows by a recorded grant: the first `grants[k]` rows of each kecamatan got a place, in order. The
 * same rows and grant always give the same split, so a retried task repeats exactly what was decided.
 */
export function splitByGrant<R extends AllocationRow>(
  rows: readonly R[],
  grants: Record<string, number>,
): { granted: R[]; rest: R[] } {
  const left: Record<string, number> = { ...grants };
  const granted: R[] = [];
  const rest: R[] = [];
  for (const row of rows) {
    const n = left[row.kecamatan] ?? 0;
    if (n > 0) {
      left[row.kecamatan] = n - 1;
      granted.push(row);
    } else rest.push(row);
  }
  return { granted, rest };
}
