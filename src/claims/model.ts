/**
 * Claims and benefits BPJS Ketenagakerjaan paid to covered workers (issue #12): the branch's claim files,
 * matched to the registry, kept as counters by type, kecamatan and month of payment. Pure types: no AWS.
 */

/** JKK: work accident; JKM: death benefit; BEASISWA: education benefit for a participant's children. */
export const CLAIM_TYPES = ['JKK', 'JKM', 'BEASISWA'] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];

export const EDUCATION_LEVELS = ['TK', 'SD', 'SMP', 'SMA', 'PT'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

/** One valid line of a claims file, before matching. */
export interface ClaimLine {
  /** Row number as seen in Excel (header counted). */
  row: number;
  kpj?: string;
  /** The full NIK: hashed for matching, masked everywhere it is shown, never stored. */
  nik?: string;
  claimNumber?: string;
  type: ClaimType;
  /** YYYY-MM-DD. */
  eventDate: string;
  paidDate: string;
  /** Integer Rupiah. */
  amount: number;
  beneficiary: string;
  educationLevel?: EducationLevel;
}

/** The registry worker a line belongs to (only what counting needs). */
export interface MatchedWorker {
  nikHash: string;
  desa: string;
  kecamatan: string;
  status: string;
}

/** A matched line as stored: no NIK, no name of the worker; the beneficiary is kept for the branch's follow-up. */
export interface StoredClaim {
  /** Claim number when the file has one, else a hash of the line's content: replays land on the same id. */
  lineId: string;
  nikHash: string;
  kpj?: string;
  type: ClaimType;
  eventDate: string;
  paidDate: string;
  amount: number;
  educationLevel?: EducationLevel;
  desa: string;
  kecamatan: string;
  /** The file that brought it first. */
  file: string;
  row: number;
}

/** Counter bucket: month of payment (YYYY-MM), type and kecamatan. */
export interface ClaimBucket {
  month: string;
  type: ClaimType;
  kecamatan: string;
  count: number;
  /** Integer Rupiah. */
  amount: number;
}

/** Totals over a range of months, as reports and the dashboard read them. */
export interface ClaimTotals {
  count: number;
  amount: number;
  byType: Record<ClaimType, { count: number; amount: number }>;
  byKecamatan: Array<{ kecamatan: string; count: number; amount: number }>;
}

export function claimTotals(buckets: readonly ClaimBucket[]): ClaimTotals {
  const byType = Object.fromEntries(
    CLAIM_TYPES.map((t) => [t, { count: 0, amount: 0 }]),
  ) as ClaimTotals['byType'];
  const byKec = new Map<string, { count: number; amount: number }>();
  let count = 0;
  let amount = 0;
  for (const b of buckets) {
    count += b.count;
    amount += b.amount;
    byType[b.type].count += b.count;
    byType[b.type].amount += b.amount;
    const k = byKec.get(b.kecamatan) ?? { count: 0, amount: 0 };
    k.count += b.count;
    k.amount += b.amount;
    byKec.set(b.kecamatan, k);
  }
  return {
    count,
    amount,
    byType,
    byKecamatan: [...byKec.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kecamatan, t]) => ({ kecamatan, ...t })),
  };
}
