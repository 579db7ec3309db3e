import { describe, expect, it } from 'vitest';
import { loadRegionDirectory } from '../validation/regions.ts';
import { buildReport } from './build-report.ts';
import { reportPeriod } from './period.ts';
import { sampleSources } from './testing.ts';

const regions = await loadRegionDirectory('6408');

describe('reportPeriod (Asia/Makassar civil dates)', () => {
  it('a weekly report made on a Monday covers the week before, Monday to Sunday', () => {
    expect(reportPeriod('weekly', '2026-11-30')).toMatchObject({
      id: 'weekly-2026-W48',
      from: '2026-11-23',
      to: '2026-11-29',
      label: '23–29 November 2026',
    });
    // Any day of the following week gives the same period.
    expect(reportPeriod('weekly', '2026-12-06').id).toBe('weekly-2026-W48');
  });
  it('a monthly report covers the last full month, across a year end', () => {
    expect(reportPeriod('monthly', '2027-01-01')).toMatchObject({
      id: 'monthly-2026-12',
      from: '2026-12-01',
      to: '2026-12-31',
      label: 'Desember 2026',
    });
    expect(reportPeriod('monthly', '2026-03-01')).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
  });
});

describe('buildReport', () => {
  it('lists every desa of the regency, and those that sent nothing', async () => {
    const report = await buildReport(sampleSources({ regions, covered: 75_000 }), {
      kind: 'weekly',
      asOf: '2026-11-30',
    });
    expect(report.byDesa).toHaveLength(regions.listDesa().length);
    const silent = report.byDesa.filter((d) => d.uploads === 0).map((d) => d.code);
    expect(silent.length).toBeGreaterThan(0);
    expect(report.desaWithoutUploads.map((d) => d.code)).toEqual(silent);
    expect(report.covered).toBe(75_000);
    expect(report.byKecamatan.reduce((n, k) => n + k.covered, 0)).toBe(75_000);
    expect(report.byKecamatan.reduce((n, k) => n + k.desaWithoutUploads, 0)).toBe(silent.length);
  });

  it('counts new coverage inside the period only, and the trend ends at the period end with the total', async () => {
    const sources = sampleSources({ regions, covered: 33_400, asOf: '2026-11-29' });
    const report = await buildReport(sources, { kind: 'weekly', asOf: '2026-11-30' });
    const daily = await sources.coverage.daily({ regency: '6408', year: 2026 }, '2026-11-23', '2026-11-29');
    expect(report.newThisPeriod).toBe(daily.reduce((n, d) => n + d.enrolled, 0));
    expect(report.trend.at(-1)).toEqual({ until: '2026-11-29', covered: 33_400 });
    expect(report.trend.every((t, i, all) => i === 0 || (all[i - 1]?.covered ?? 0) <= t.covered)).toBe(true);
  });

  it('adds claims by type and kecamatan, and those paid in the period', async () => {
    const claims = [
      { month: '2026-03', type: 'JKK' as const, kecamatan: '640804', count: 2, amount: 30_000_000 },
      { month: '2026-10', type: 'JKM' as const, kecamatan: '640801', count: 1, amount: 42_000_000 },
      { month: '2026-11', type: 'BEASISWA' as const, kecamatan: '640804', count: 3, amount: 4_500_000 },
    ];
    const report = await buildReport(sampleSources({ regions, covered: 100, claims }), {
      kind: 'monthly',
      asOf: '2026-12-01',
    });
    expect(report.claims).toMatchObject({
      count: 6,
      amount: 76_500_000,
      thisPeriod: { count: 3, amount: 4_500_000 },
    });
    expect(report.claims.byType.JKK).toEqual({ count: 2, amount: 30_000_000 });
    expect(report.claims.byKecamatan.find((k) => k.code === '640804')).toMatchObject({
      count: 5,
      amount: 34_500_000,
    });
  });
});
