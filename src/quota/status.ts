/** `lindung quota`: the programme's gauge, overall and per kecamatan. */
import { formatCount, formatRupiah } from './calendar.ts';
import type { ProgrammeState } from './model.ts';

export interface QuotaReport {
  year: number;
  quota: number;
  used: number;
  remaining: number;
  waitlisted: number;
  budgetCeiling: number;
  budgetCommitted: number;
  byKecamatan: Array<{ code: string; name: string; quota: number | null; used: number; waitlisted: number }>;
}

/**
 * The report of a programme. Kecamatan listed: those given (all of the regency, for the dashboard) plus any
 * with an allocation, a place or someone waiting; `quota` is null where no allocation is set.
 */
export function quotaReport(
  state: ProgrammeState,
  kecamatan: ReadonlyArray<{ code: string; name: string }> = [],
): QuotaReport {
  const names = new Map(kecamatan.map((k) => [k.code, k.name]));
  const codes = new Set([
    ...names.keys(),
    ...Object.keys(state.kecamatanQuotas),
    ...Object.entries(state.kecUsed)
      .filter(([, n]) => n !== 0)
      .map(([k]) => k),
    ...Object.entries(state.kecWaitlisted)
      .filter(([, n]) => n !== 0)
      .map(([k]) => k),
  ]);
  return {
    year: state.year,
    quota: state.quota,
    used: state.used,
    remaining: Math.max(0, state.quota - state.used),
    waitlisted: state.waitlisted,
    budgetCeiling: state.budgetCeiling,
    budgetCommitted: state.committed,
    byKecamatan: [...codes].sort().map((code) => ({
      code,
      name: names.get(code) ?? '',
      quota: state.kecamatanQuotas[code] ?? null,
      used: state.kecUsed[code] ?? 0,
      waitlisted: state.kecWaitlisted[code] ?? 0,
    })),
  };
}

/** For people: Bahasa Indonesia first, money as `Rp 30.240.000.000`. */
export function formatQuotaReport(r: QuotaReport, title?: string): string {
  const pct = r.quota > 0 ? Math.floor((r.used * 100) / r.quota) : 0;
  const lines = [
    `${title ?? 'Program'} ${r.year}`,
    `  kuota / quota                ${formatCount(r.quota).padStart(15)}`,
    `  terpakai / used              ${formatCount(r.used).padStart(15)}  (${pct}%)`,
    `  sisa / remaining             ${formatCount(r.remaining).padStart(15)}`,
    `  daftar tunggu / waitlisted   ${formatCount(r.waitlisted).padStart(15)}`,
    `  pagu / budget ceiling        ${formatRupiah(r.budgetCeiling).padStart(19)}`,
    `  terikat / committed          ${formatRupiah(r.budgetCommitted).padStart(19)}`,
  ];
  const shown = r.byKecamatan.filter((k) => k.quota !== null || k.used > 0 || k.waitlisted > 0);
  if (shown.length > 0) {
    lines.push('', '  kecamatan                          kuota   terpakai   tunggu');
    for (const k of shown) {
      lines.push(
        `  ${`${k.code} ${k.name}`.slice(0, 30).padEnd(30)} ${(k.quota === null ? '-' : formatCount(k.quota)).padStart(9)} ${formatCount(k.used).padStart(10)} ${formatCount(k.waitlisted).padStart(8)}`,
      );
    }
  }
  return lines.join('\n');
}
