/** Builds the periodic report from counters: a few hundred small items, whatever the number of workers. */
import { claimTotals } from '../claims/model.ts';
import type { ClaimStore } from '../claims/ports.ts';
import type { CoverageReader } from '../coverage/ports.ts';
import type { EmployerOverview } from '../employers/overview.ts';
import type { ProgrammeState } from '../quota/model.ts';
import { quotaReport } from '../quota/status.ts';
import type { RegionDirectory } from '../validation/regions.ts';
import type { AreaLine, DesaLine, KecamatanLine, PeriodicReport } from './model.ts';
import { addDays, type PeriodKind, reportPeriod } from './period.ts';

export interface ReportSources {
  regency: { code: string; name: string };
  timeZone: string;
  regions: RegionDirectory;
  agencies: ReadonlyArray<{ id: string; name: string }>;
  /** The programme in force on a civil date. */
  programme(onDate: string): Promise<ProgrammeState>;
  coverage: CoverageReader;
  claims: Pick<ClaimStore, 'buckets'>;
  employers(): Promise<EmployerOverview[]>;
  /** Uploads an agency made between two civil dates (inclusive). */
  uploadsByAgency(agency: string, from: string, to: string): Promise<number>;
  /** When the head of the waitlist joined it (ISO), null when nobody waits. */
  waitlistHeadSince(programme: ProgrammeState): Promise<string | null>;
  /** Why enrollments failed, most frequent first. */
  failureReasons(programme: ProgrammeState): Promise<Array<{ reason: string; count: number }>>;
  /** Row errors of rejected rows uploaded between two civil dates, by code and desa. */
  rejectionReasons(from: string, to: string): Promise<Array<{ code: string; desa: string; count: number }>>;
  now(): Date;
}

const area = (): AreaLine => ({ uploads: 0, covered: 0, waitlisted: 0, rejected: 0, referred: 0, failed: 0 });

export async function buildReport(
  src: ReportSources,
  request: { kind: PeriodKind; asOf: string },
): Promise<PeriodicReport> {
  const period = reportPeriod(request.kind, request.asOf);
  const programme = await src.programme(period.to);
  const key = { regency: programme.regency, year: programme.year };
  const kecamatanList = src.regions.listKecamatan();
  const quota = quotaReport(programme, kecamatanList);
  const [snapshot, daily, buckets, employers, headSince, failureReasons, rejections, agencyUploads] =
    await Promise.all([
      src.coverage.snapshot(key),
      src.coverage.daily(key, programme.startDate, period.to),
      src.claims.buckets(src.regency.code, programme.startDate.slice(0, 7), period.to.slice(0, 7)),
      src.employers(),
      src.waitlistHeadSince(programme),
      src.failureReasons(programme),
      src.rejectionReasons(period.from, period.to),
      Promise.all(src.agencies.map((a) => src.uploadsByAgency(a.id, period.from, period.to))),
    ]);

  // Every desa of the regency, joined with its counters (absent: nothing ever came from it).
  const counts = new Map(snapshot.byDesa.map((d) => [d.desa, d]));
  const byDesa: DesaLine[] = src.regions.listDesa().map((d) => {
    const c = counts.get(d.code);
    return {
      code: d.code,
      name: d.name,
      kecamatan: d.kecamatan,
      uploads: c?.uploads ?? 0,
      covered: c?.enrolled ?? 0,
      waitlisted: c?.waitlisted ?? 0,
      rejected: c?.rejected ?? 0,
      referred: c?.referred ?? 0,
      failed: c?.failed ?? 0,
      lastUploadAt: c?.lastUploadAt ?? null,
    };
  });
  const desaWithoutUploads = byDesa
    .filter((d) => d.uploads === 0)
    .map((d) => ({ code: d.code, name: d.name, kecamatan: d.kecamatan }));
  const usedByKec = new Map(quota.byKecamatan.map((k) => [k.code, k.used]));
  const byKecamatan: KecamatanLine[] = kecamatanList.map((k) => {
    const line: KecamatanLine = {
      code: k.code,
      name: k.name,
      ...area(),
      desa: 0,
      desaWithoutUploads: 0,
      quotaUsed: usedByKec.get(k.code) ?? 0,
    };
    for (const d of byDesa) {
      if (d.kecamatan !== k.code) continue;
      line.desa++;
      if (d.uploads === 0) line.desaWithoutUploads++;
      for (const f of ['uploads', 'covered', 'waitlisted', 'rejected', 'referred', 'failed'] as const)
        line[f] += d[f];
    }
    return line;
  });

  let newThisPeriod = 0;
  for (const day of daily)
    if (day.date >= period.from && day.date <= period.to) newThisPeriod += day.enrolled;

  const claims = claimTotals(buckets);
  const periodClaims = claimTotals(
    buckets.filter((b) => b.month >= period.from.slice(0, 7) && b.month <= period.to.slice(0, 7)),
  );
  const kecName = new Map(kecamatanList.map((k) => [k.code, k.name]));
  const desaName = new Map(byDesa.map((d) => [d.code, d.name]));

  // How long the head of the line has waited when the report is read: as of its day, never past the present
  // (seen in a rendering made ahead of time: "terlama 6 hari" for someone who joined that morning).
  const now = src.now();
  const asOfMs = Math.min(Date.parse(`${request.asOf}T00:00:00Z`), now.getTime());
  return {
    regency: src.regency,
    period: period.kind,
    periodId: period.id,
    periodLabel: period.label,
    from: period.from,
    to: period.to,
    timeZone: src.timeZone,
    generatedAt: now.toISOString(),
    programmeYear: programme.year,
    target: programme.quota,
    covered: snapshot.total.enrolled,
    newThisPeriod,
    waitlisted: quota.waitlisted,
    quotaUsed: quota.used,
    trend: trend(request.kind, programme.startDate, period.to, daily),
    budget: {
      ceiling: quota.budgetCeiling,
      committed: quota.budgetCommitted,
      monthlyPremium: programme.monthlyPremium,
      premiumsDueThisMonth: quota.used * programme.monthlyPremium,
    },
    waitlist: {
      length: quota.waitlisted,
      headSince,
      headWaitingDays: headSince
        ? Math.max(0, Math.floor((asOfMs - Date.parse(headSince)) / 86_400_000))
        : null,
    },
    failed: { count: snapshot.total.failed, reasons: failureReasons.slice(0, 10) },
    byKecamatan,
    byDesa,
    desaWithoutUploads,
    rejectionReasons: topRejections(rejections, desaName),
    uploadsByAgency: src.agencies.map((a, i) => ({
      agency: a.id,
      name: a.name,
      uploads: agencyUploads[i] ?? 0,
    })),
    employers: employerSummary(employers),
    claims: {
      count: claims.count,
      amount: claims.amount,
      byType: claims.byType,
      byKecamatan: claims.byKecamatan.map((k) => ({
        code: k.kecamatan,
        name: kecName.get(k.kecamatan) ?? '',
        count: k.count,
        amount: k.amount,
      })),
      thisPeriod: { count: periodClaims.count, amount: periodClaims.amount },
    },
  };
}

/** Cumulative covered at each week's (Sunday) or month's end from the programme start to `to`. */
function trend(
  kind: PeriodKind,
  start: string,
  to: string,
  daily: ReadonlyArray<{ date: string; enrolled: number }>,
): PeriodicReport['trend'] {
  const ends: string[] = [];
  if (kind === 'weekly') {
    for (let end = reportPeriod('weekly', addDays(start, 7)).to; end <= to; end = addDays(end, 7))
      ends.push(end);
  } else {
    for (let m = start.slice(0, 7); `${m}-01` <= to; ) {
      const [y, mm] = m.split('-').map(Number) as [number, number];
      const next = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
      ends.push(addDays(`${next}-01`, -1));
      m = next;
    }
  }
  if (ends.at(-1) !== to) ends.push(to);
  const sorted = [...daily].sort((a, b) => a.date.localeCompare(b.date));
  let i = 0;
  let covered = 0;
  return ends.map((until) => {
    while (i < sorted.length && (sorted[i]?.date ?? '') <= until) covered += sorted[i++]?.enrolled ?? 0;
    return { until, covered };
  });
}

function topRejections(
  rows: ReadonlyArray<{ code: string; desa: string; count: number }>,
  desaName: Map<string, string>,
): PeriodicReport['rejectionReasons'] {
  const byCode = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const desa = byCode.get(r.code) ?? new Map<string, number>();
    desa.set(r.desa, (desa.get(r.desa) ?? 0) + r.count);
    byCode.set(r.code, desa);
  }
  return [...byCode.entries()]
    .map(([code, desa]) => ({
      code,
      count: [...desa.values()].reduce((a, b) => a + b, 0),
      desa: [...desa.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 5)
        .map(([c, count]) => ({ code: c, name: desaName.get(c) ?? c, count })),
    }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .slice(0, 10);
}

function employerSummary(list: readonly EmployerOverview[]): PeriodicReport['employers'] {
  const sum = (f: (e: EmployerOverview) => number) => list.reduce((n, e) => n + f(e), 0);
  return {
    total: list.length,
    referred: sum((e) => e.referred),
    outstanding: sum((e) => e.outstanding),
    notified: sum((e) => (e.notified > 0 ? 1 : 0)),
    escalated: sum((e) => (e.escalated > 0 ? 1 : 0)),
    unknown: sum((e) => (e.inRegistry ? 0 : 1)),
    top: list
      .filter((e) => e.outstanding > 0)
      .slice(0, 10)
      .map((e) => ({
        name: e.name,
        nib: e.nib,
        outstanding: e.outstanding,
        notified: e.notified,
        escalated: e.escalated,
      })),
  };
}
