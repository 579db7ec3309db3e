/**
 * The budget-quota domain: a programme per regency and year (headcount quota, monthly premium, budget ceiling,
 * optional per-kecamatan allocations), its counters, the places workers hold and the waitlist.
 * Pure types and arithmetic: no AWS, no I/O. All money is integer Rupiah.
 */

export interface ProgrammeKey {
  /** 4-digit Kemendagri regency code without dots, e.g. '6408'. */
  regency: string;
  year: number;
}

/** `PROGRAMME#6408#2026`: the programme's partition key, also the waitlist GSI partition of its workers. */
export const programmeId = (key: ProgrammeKey): string => `PROGRAMME#${key.regency}#${key.year}`;

export function parseProgrammeId(id: string): ProgrammeKey {
  const m = /^PROGRAMME#(\d{4})#(\d{4})$/.exec(id);
  if (!m?.[1] || !m[2]) throw new RangeError(`not a programme id: ${id}`);
  return { regency: m[1], year: Number(m[2]) };
}

/** What an administrator sets (`lindung program set`). */
export interface ProgrammeSettings {
  regency: string;
  year: number;
  /** Headcount: workers paid for at the same time. */
  quota: number;
  /** Premium per worker per month, integer Rupiah (Rp 16,800 = JKK 10,000 + JKM 6,800). */
  monthlyPremium: number;
  /** YYYY-MM-DD, first day of coverage the programme pays for. */
  startDate: string;
  /** YYYY-MM-DD, last day. */
  endDate: string;
  /** Integer Rupiah; by default quota × premium × months. */
  budgetCeiling: number;
  /** True when the ceiling was set by hand (--budget); otherwise it follows quota × premium × months. */
  budgetExplicit: boolean;
  minAge: number;
  maxAge: number;
  excludedOccupations: string[];
  /** Optional headcount allocation per kecamatan (6-digit code → places). */
  kecamatanQuotas: Record<string, number>;
  requiresApproval: boolean;
  /** Who gets the 80/90/100% alerts. */
  administrators: string[];
}

/** Counters kept on the programme item, changed only by an op (see ops.ts). */
export interface Counters {
  /** Places held: reserved, being enrolled, enrolled, already covered. */
  used: number;
  /** Rupiah committed: each place's premium × the months it can still be paid for. */
  committed: number;
  waitlisted: number;
  kecUsed: Record<string, number>;
  kecWaitlisted: Record<string, number>;
}

/** A change of the counters; negative numbers release. */
export interface Delta {
  used: number;
  committed: number;
  waitlisted: number;
  kecUsed: Record<string, number>;
  kecWaitlisted: Record<string, number>;
}

export type OpKind = 'reserve' | 'promote' | 'release' | 'leave' | 'import';

/**
 * The record an op leaves on the programme item, written in the same conditional update as its counter change.
 * Its presence is what makes the op apply once; it is pruned an hour after the op's effects are done.
 */
export interface OpRecord {
  kind: OpKind;
  at: string;
  delta: Delta;
  /** reserve / promote / import: places granted per kecamatan (the first rows of each kecamatan, in order). */
  grants?: Record<string, number>;
  /** Rupiah committed per place granted by this op. */
  costPerPlace?: number;
  /** YYYY-MM: first month paid for the places of this op. */
  fromMonth?: string;
  /** YYYY-MM: last month of the programme when the op was applied. */
  endMonth?: string;
  monthlyPremium?: number;
  /** reserve: rows that went to the waitlist. */
  enqueued?: number;
  /** reserve with enqueued > 0: waitlist position of the first one (the rest follow, in row order). */
  firstPosition?: number;
  /** When the op's effects (worker updates) were all done. */
  done?: string;
}

export type AlertState = { state: 'SENDING' | 'SENT'; at: string };

/** The programme item: settings, counters, ops in flight, alert marks, promotion lease. */
export interface ProgrammeState extends ProgrammeSettings, Counters {
  configVersion: number;
  /** Last waitlist position handed out. */
  waitSeq: number;
  /** Bumped by every op: "has anything changed since I looked". */
  opSeq: number;
  ops: Record<string, OpRecord>;
  alerts: Record<string, AlertState>;
  lease?: { token: string; until: string };
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** Conditions an op's counter update is made under; all must hold or nothing is written. */
export interface Guard {
  configVersion?: number;
  /** used ≤ this before the update (quota − granted). */
  maxUsed?: number;
  /** committed ≤ this before the update (ceiling − granted × cost). */
  maxCommitted?: number;
  maxKecUsed?: Record<string, number>;
  /** waitlisted = this (first come, first served: nobody ahead in the line). */
  waitlisted?: number;
  kecWaitlisted?: Record<string, number>;
  /** The promotion lease is held with this token. */
  leaseToken?: string;
  /** No op applied since the decision was made (ops.ts: an op's record may be gone once its effects are done). */
  opSeq?: number;
}

/** The place a worker holds, on the worker's registry item; what a release gives back. */
export interface Place {
  /** Programme id (PROGRAMME#<regency>#<year>). */
  programme: string;
  /** The op that granted it. */
  op: string;
  kecamatan: string;
  /** YYYY-MM: first month paid. */
  fromMonth: string;
  /** YYYY-MM: last month of the programme. */
  endMonth: string;
  monthlyPremium: number;
  /** Rupiah committed for this place. */
  committed: number;
}

/** A worker's spot in the line, on the worker's registry item (GSI waitlist: waitlistPk, waitlistSk). */
export interface WaitlistSpot {
  programme: string;
  /** Stable first-come number; the displayed rank is the count of spots before it, plus one. */
  position: number;
  uploadId: string;
  chunk: number;
  /** The op that put the worker in line. */
  op: string;
}

export const emptyDelta = (): Delta => ({
  used: 0,
  committed: 0,
  waitlisted: 0,
  kecUsed: {},
  kecWaitlisted: {},
});

/** Rounds nothing: throws when a money or count value is not a safe integer. */
export function assertInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
}
