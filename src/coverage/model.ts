/**
 * Coverage counters: how many workers of each desa are in each state, kept as counters by the pipeline steps
 * (never computed by scanning workers). The dashboard (`GET /areas`, Beranda, Wilayah), the periodic e-mail
 * reports and the quota-by-kecamatan views read these. Pure types: no AWS, no I/O.
 *
 * Contract shared by the cost issue (#9, which writes them), the API (#10), the dashboard (#11) and the
 * reports (#12). Change it only with all readers in mind.
 */
import type { ProgrammeKey } from '../quota/model.ts';

/** What is counted per desa. Each row of an upload lands in exactly one of the outcome names. */
export const AREA_COUNTERS = [
  /** Uploads that named this desa (a desa upload, or an agency upload with rows of this desa). */
  'uploads',
  /** Data rows received (all outcomes; REJECTED rows count under the desa they name, if it is known). */
  'rows',
  'rejected',
  'duplicates',
  'referred',
  'waitlisted',
  /** A place held, not yet sent to BPJS (e.g. awaiting approval). */
  'reserved',
  /** Sent to BPJS, awaiting the branch's answer. */
  'submitted',
  /** Covered: BPJS accepted, coverage active. */
  'enrolled',
  'failed',
  /** Left the programme after enrollment (their place was freed). */
  'exited',
] as const;
export type AreaCounter = (typeof AREA_COUNTERS)[number];
export type AreaCounts = Record<AreaCounter, number>;

export function noAreaCounts(): AreaCounts {
  return Object.fromEntries(AREA_COUNTERS.map((c) => [c, 0])) as AreaCounts;
}

/** The counters of one desa (10-digit Kemendagri code without dots) within a programme. */
export interface DesaCounts extends AreaCounts {
  desa: string;
  /** 6-digit kecamatan code without dots. */
  kecamatan: string;
  /** ISO timestamp of the last upload that named this desa (absent: never sent anything). */
  lastUploadAt?: string;
}

/** One day (YYYY-MM-DD in the regency's time zone) of the programme: what changed that day. */
export interface DailyCounts extends AreaCounts {
  date: string;
}

/** Claims and benefits BPJS paid to covered workers (issue #12), by type and kecamatan. */
export interface ClaimCounts {
  count: number;
  /** Integer Rupiah. */
  amount: number;
}

export interface CoverageSnapshot {
  programme: ProgrammeKey;
  /** Sum over every desa. */
  total: AreaCounts;
  /** Only desa with at least one counter; readers join with the region directory for the rest. */
  byDesa: DesaCounts[];
}
