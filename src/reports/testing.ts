/**
 * Report sources in memory for unit tests and the bench: a programme, coverage counters spread over every desa
 * of the regency (except those told to have sent nothing), a year of daily counters, claims, employers.
 */
import type { ClaimBucket } from '../claims/model.ts';
import { type DailyCounts, type DesaCounts, noAreaCounts } from '../coverage/model.ts';
import type { EmployerOverview } from '../employers/overview.ts';
import type { ProgrammeState } from '../quota/model.ts';
import { settings } from '../quota/testing/fixtures.ts';
import type { RegionDirectory } from '../validation/regions.ts';
import type { ReportSources } from './build-report.ts';
import { addDays } from './period.ts';

export interface SampleOptions {
  regions: RegionDirectory;
  /** Covered workers in total (spread over the desa that sent data). */
  covered: number;
  /** Every n-th desa sent nothing. */
  silentEvery?: number;
  year?: number;
  asOf?: string;
  claims?: ClaimBucket[];
  employers?: EmployerOverview[];
}

export function sampleSources(o: SampleOptions): ReportSources & { programmeState: ProgrammeState } {
  const year = o.year ?? 2026;
  const desa = o.regions.listDesa();
  const silentEvery = o.silentEvery ?? 7;
  const active = desa.filter((_, i) => i % silentEvery !== 3);
  const byDesa: DesaCounts[] = active.map((d, i) => {
    const covered = Math.floor(o.covered / active.length) + (i < o.covered % active.length ? 1 : 0);
    return {
      ...noAreaCounts(),
      desa: d.code,
      kecamatan: d.kecamatan,
      uploads: 1 + (i % 4),
      rows: covered + 40,
      enrolled: covered,
      waitlisted: i % 5 === 0 ? 12 : 0,
      rejected: 20 + (i % 9),
      referred: 8,
      duplicates: 12 - (i % 5 === 0 ? 12 : 0),
      failed: i % 11 === 0 ? 3 : 0,
      lastUploadAt: `${year}-0${1 + (i % 9)}-15T02:00:00.000Z`,
    };
  });
  const total = noAreaCounts();
  for (const d of byDesa) for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += d[k];
  const kecUsed: Record<string, number> = {};
  const kecWaitlisted: Record<string, number> = {};
  for (const d of byDesa) {
    kecUsed[d.kecamatan] = (kecUsed[d.kecamatan] ?? 0) + d.enrolled;
    kecWaitlisted[d.kecamatan] = (kecWaitlisted[d.kecamatan] ?? 0) + d.waitlisted;
  }
  // Coverage grows through the year: the same number every day up to the report date.
  const start = `${year}-01-01`;
  const end = o.asOf ?? `${year}-11-30`;
  const days: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) days.push(d);
  const daily: DailyCounts[] = days.map((date, i) => ({
    ...noAreaCounts(),
    date,
    enrolled: Math.floor(total.enrolled / days.length) + (i < total.enrolled % days.length ? 1 : 0),
  }));
  const programmeState: ProgrammeState = {
    ...settings(150_000, {
      regency: o.regions.regencyCode,
      year,
      startDate: start,
      endDate: `${year}-12-31`,
    }),
    budgetCeiling: 30_240_000_000,
    used: total.enrolled,
    committed: total.enrolled * 16_800 * 4,
    waitlisted: total.waitlisted,
    kecUsed,
    kecWaitlisted,
    configVersion: 1,
    waitSeq: total.waitlisted,
    opSeq: 1,
    ops: {},
    alerts: {},
    createdAt: `${year}-01-01T00:00:00.000Z`,
    updatedAt: `${year}-01-01T00:00:00.000Z`,
    updatedBy: 'test',
  };
  return {
    programmeState,
    regency: { code: o.regions.regencyCode, name: 'Kabupaten Kutai Timur' },
    timeZone: 'Asia/Makassar',
    regions: o.regions,
    agencies: [
      { id: 'disnakertrans', name: 'Dinas Tenaga Kerja dan Transmigrasi' },
      { id: 'dinas-perikanan', name: 'Dinas Perikanan' },
    ],
    programme: async () => programmeState,
    coverage: {
      snapshot: async (programme) => ({ programme, total, byDesa }),
      daily: async (_p, from, to) => daily.filter((d) => d.date >= from && d.date <= to),
    },
    claims: {
      buckets: async (_r, from, to) => (o.claims ?? []).filter((b) => b.month >= from && b.month <= to),
    },
    employers: async () => o.employers ?? [],
    uploadsByAgency: async (agency) => (agency === 'disnakertrans' ? 3 : 0),
    waitlistHeadSince: async () => (total.waitlisted > 0 ? `${year}-10-02T03:00:00.000Z` : null),
    failureReasons: async () =>
      total.failed > 0 ? [{ reason: 'NIK tidak ditemukan di Dukcapil', count: total.failed }] : [],
    rejectionReasons: async () =>
      byDesa.slice(0, 6).map((d, i) => ({
        code: i % 2 ? 'NIK_FORMAT' : 'AGE_OUT_OF_RANGE',
        desa: d.desa,
        count: d.rejected,
      })),
    now: () => new Date(`${end}T23:00:00.000Z`),
  };
}
