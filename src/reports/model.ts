/**
 * The periodic report (issue #12): what `lindung report --json` prints, what the e-mail, the chart and the
 * XLSX attachment show. Every number comes from counters (coverage counters per desa and day, the programme
 * item, claim counters, employer records), never from scanning workers. Money in integer Rupiah.
 */
import type { ClaimType } from '../claims/model.ts';
import type { PeriodKind } from './period.ts';

export interface AreaLine {
  uploads: number;
  covered: number;
  waitlisted: number;
  rejected: number;
  referred: number;
  failed: number;
}

export interface DesaLine extends AreaLine {
  code: string;
  name: string;
  kecamatan: string;
  lastUploadAt: string | null;
}

export interface KecamatanLine extends AreaLine {
  code: string;
  name: string;
  desa: number;
  desaWithoutUploads: number;
  /** Places held in this kecamatan, from the programme (as `lindung quota`). */
  quotaUsed: number;
}

export interface PeriodicReport {
  regency: { code: string; name: string };
  period: PeriodKind;
  periodId: string;
  periodLabel: string;
  from: string;
  to: string;
  timeZone: string;
  generatedAt: string;
  programmeYear: number;
  /** Workers the programme funds (headcount quota). */
  target: number;
  /** Covered now: BPJS accepted, coverage active (coverage counters). */
  covered: number;
  /** Covered during the period. */
  newThisPeriod: number;
  /** The programme's waitlist (as `lindung quota`). */
  waitlisted: number;
  /** Places held (as `lindung quota` used). */
  quotaUsed: number;
  /** Covered at the end of each week (weekly) or month (monthly) of the programme year, up to `to`. */
  trend: Array<{ until: string; covered: number }>;
  budget: { ceiling: number; committed: number; monthlyPremium: number; premiumsDueThisMonth: number };
  waitlist: { length: number; headSince: string | null; headWaitingDays: number | null };
  failed: { count: number; reasons: Array<{ reason: string; count: number }> };
  byKecamatan: KecamatanLine[];
  byDesa: DesaLine[];
  desaWithoutUploads: Array<{ code: string; name: string; kecamatan: string }>;
  rejectionReasons: Array<{
    code: string;
    count: number;
    desa: Array<{ code: string; name: string; count: number }>;
  }>;
  uploadsByAgency: Array<{ agency: string; name: string; uploads: number }>;
  employers: {
    total: number;
    referred: number;
    outstanding: number;
    notified: number;
    escalated: number;
    unknown: number;
    top: Array<{
      name: string;
      nib: string | null;
      outstanding: number;
      notified: number;
      escalated: number;
    }>;
  };
  claims: {
    count: number;
    amount: number;
    byType: Record<ClaimType, { count: number; amount: number }>;
    byKecamatan: Array<{ code: string; name: string; count: number; amount: number }>;
    thisPeriod: { count: number; amount: number };
  };
}
