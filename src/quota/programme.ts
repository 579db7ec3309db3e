/**
 * Programme settings: creating and changing a programme (`lindung program set`), finding the one that covers a
 * date, and the example programme of the local stack. Limits can be raised at any time; lowering one below
 * what is already in use is refused (places already granted are never taken back).
 */
import { errorClass } from '../shared/errors.ts';
import { ALERT_THRESHOLDS, usePercent } from './alerts.ts';
import { defaultBudget } from './calendar.ts';
import type { Guard, ProgrammeKey, ProgrammeSettings, ProgrammeState } from './model.ts';
import { QuotaContentionError } from './ops.ts';
import type { ProgrammeRepository } from './ports.ts';

/** What a regency's configuration provides as programme defaults (src/shared/regency-config.ts). */
export interface ProgrammeDefaults {
  regency: { code: string; name?: string };
  programme: {
    quota: number;
    monthlyPremium: number;
    minAge: number;
    maxAge: number;
    excludedOccupations: string[];
    requiresApproval: boolean;
  };
  administrators: string[];
}

export interface ProgrammeChanges {
  quota?: number;
  monthlyPremium?: number;
  startDate?: string;
  endDate?: string;
  /** Rupiah; `null` goes back to quota × premium × months. */
  budgetCeiling?: number | null;
  /** Per kecamatan; `null` removes that kecamatan's allocation. */
  kecamatanQuotas?: Record<string, number | null>;
  minAge?: number;
  maxAge?: number;
  excludedOccupations?: string[];
  requiresApproval?: boolean;
  administrators?: string[];
}

/** A setting that cannot be (e.g. an end before the start, a quota below the places already granted). */
export class ProgrammeRuleError extends errorClass('ProgrammeRuleError', {
  code: 'PROGRAMME_RULE',
  kind: 'invalid',
  retryable: false,
}) {}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min)
    throw new ProgrammeRuleError(
      `${name} harus bilangan bulat ≥ ${min} (diberikan: ${value})`,
      `${name} must be an integer ≥ ${min} (got ${value})`,
    );
}

/** Checks a whole settings object; throws ProgrammeRuleError with the first problem. */
export function validateSettings(s: ProgrammeSettings): void {
  checkInteger('quota', s.quota, 0);
  checkInteger('premium', s.monthlyPremium, 1);
  checkInteger('budget', s.budgetCeiling, 0);
  checkInteger('minAge', s.minAge, 0);
  checkInteger('maxAge', s.maxAge, s.minAge);
  for (const [name, d] of [
    ['start', s.startDate],
    ['end', s.endDate],
  ] as const) {
    if (!isRealDate(d))
      throw new ProgrammeRuleError(`tanggal ${name} tidak valid: ${d}`, `invalid ${name} date: ${d}`);
  }
  if (s.endDate < s.startDate)
    throw new ProgrammeRuleError(
      `tanggal akhir ${s.endDate} sebelum tanggal mulai ${s.startDate}`,
      `end ${s.endDate} is before start ${s.startDate}`,
    );
  if (Number(s.startDate.slice(0, 4)) !== s.year)
    throw new ProgrammeRuleError(
      `program tahun ${s.year} harus mulai pada tahun ${s.year} (mulai: ${s.startDate})`,
      `the ${s.year} programme must start in ${s.year} (start: ${s.startDate})`,
    );
  for (const [code, quota] of Object.entries(s.kecamatanQuotas)) {
    if (!/^\d{6}$/.test(code) || !code.startsWith(s.regency))
      throw new ProgrammeRuleError(
        `kode kecamatan ${code} bukan kecamatan kabupaten ${s.regency} (6 digit, mis. ${s.regency}04)`,
        `kecamatan code ${code} is not a kecamatan of regency ${s.regency} (6 digits, e.g. ${s.regency}04)`,
      );
    checkInteger(`kecamatan ${code}`, quota, 0);
  }
}

/** Settings for a new programme of `year`: the regency's defaults, then the changes. */
export function newSettings(
  defaults: ProgrammeDefaults,
  year: number,
  changes: ProgrammeChanges,
): ProgrammeSettings {
  const base: ProgrammeSettings = {
    regency: defaults.regency.code.replace(/\./g, ''),
    year,
    quota: defaults.programme.quota,
    monthlyPremium: defaults.programme.monthlyPremium,
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    budgetCeiling: 0,
    budgetExplicit: false,
    minAge: defaults.programme.minAge,
    maxAge: defaults.programme.maxAge,
    excludedOccupations: [...defaults.programme.excludedOccupations],
    kecamatanQuotas: {},
    requiresApproval: defaults.programme.requiresApproval,
    administrators: [...defaults.administrators],
  };
  return applyChanges(base, changes);
}

/** The settings after `changes`; the default ceiling follows quota, premium and months unless set by hand. */
export function applyChanges(current: ProgrammeSettings, changes: ProgrammeChanges): ProgrammeSettings {
  const next: ProgrammeSettings = {
    ...current,
    kecamatanQuotas: { ...current.kecamatanQuotas },
    excludedOccupations: [...current.excludedOccupations],
    administrators: [...current.administrators],
  };
  if (changes.quota !== undefined) next.quota = changes.quota;
  if (changes.monthlyPremium !== undefined) next.monthlyPremium = changes.monthlyPremium;
  if (changes.startDate !== undefined) next.startDate = changes.startDate;
  if (changes.endDate !== undefined) next.endDate = changes.endDate;
  if (changes.minAge !== undefined) next.minAge = changes.minAge;
  if (changes.maxAge !== undefined) next.maxAge = changes.maxAge;
  if (changes.excludedOccupations !== undefined) next.excludedOccupations = [...changes.excludedOccupations];
  if (changes.requiresApproval !== undefined) next.requiresApproval = changes.requiresApproval;
  if (changes.administrators !== undefined) next.administrators = [...changes.administrators];
  for (const [code, quota] of Object.entries(changes.kecamatanQuotas ?? {})) {
    if (quota === null) delete next.kecamatanQuotas[code];
    else next.kecamatanQuotas[code] = quota;
  }
  if (changes.budgetCeiling === null) next.budgetExplicit = false;
  else if (changes.budgetCeiling !== undefined) {
    next.budgetCeiling = changes.budgetCeiling;
    next.budgetExplicit = true;
  }
  if (!next.budgetExplicit) next.budgetCeiling = defaultBudget(next);
  validateSettings(next);
  return next;
}

const todayOf = (d: Date) => d.toISOString().slice(0, 10);

/** The programme whose dates cover `date` (this year's, or one started last year that runs on). */
export async function programmeCovering(
  programmes: ProgrammeRepository,
  regency: string,
  date: Date,
): Promise<ProgrammeState | undefined> {
  const day = todayOf(date);
  const year = date.getUTCFullYear();
  for (const y of [year, year - 1]) {
    const p = await programmes.get({ regency, year: y });
    if (p && p.startDate <= day && day <= p.endDate) return p;
  }
  return undefined;
}

/**
 * The programme places are reserved from on `date`: the one covering the first day of next month (when
 * coverage starts), else the one covering `date`.
 */
export async function programmeForReservation(
  programmes: ProgrammeRepository,
  regency: string,
  date: Date,
): Promise<ProgrammeState | undefined> {
  const nextMonth = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  return (
    (await programmeCovering(programmes, regency, nextMonth)) ??
    (await programmeCovering(programmes, regency, date))
  );
}

export interface SetProgrammeResult {
  state: ProgrammeState;
  created: boolean;
}

/**
 * Creates or changes a programme. Without `year`, the programme covering today (or this year's, created).
 * Concurrent reservations are never over-run: the change is written under the version read, and only while
 * the places and Rupiah already in use fit the new limits.
 */
export async function setProgramme(
  deps: { programmes: ProgrammeRepository; now: () => Date },
  defaults: ProgrammeDefaults,
  changes: ProgrammeChanges,
  options: { year?: number; by: string },
): Promise<SetProgrammeResult> {
  const regency = defaults.regency.code.replace(/\./g, '');
  const now = deps.now();
  const year =
    options.year ?? (await programmeCovering(deps.programmes, regency, now))?.year ?? now.getUTCFullYear();
  const key: ProgrammeKey = { regency, year };
  for (let attempt = 0; attempt < 50; attempt++) {
    const current = await deps.programmes.get(key);
    const at = deps.now().toISOString();
    if (!current) {
      if (changes.quota === undefined)
        throw new ProgrammeRuleError(
          `belum ada program tahun ${year}: sebutkan --quota`,
          `no programme for ${year} yet: give --quota`,
        );
      const settings = newSettings(defaults, year, changes);
      if ((await deps.programmes.create(settings, at, options.by)) === 'exists') continue;
      const state = await deps.programmes.get(key);
      if (!state) throw new Error('programme vanished after create');
      return { state, created: true };
    }
    const next = applyChanges(settingsOf(current), changes);
    refuseBelowUse(current, next);
    const guard: Guard = {
      configVersion: current.configVersion,
      maxUsed: next.quota,
      maxCommitted: next.budgetCeiling,
      maxKecUsed: { ...next.kecamatanQuotas },
    };
    // Alerts already sent for thresholds the new limits put use below again go out again when use gets there.
    const percent = usePercent({ ...current, quota: next.quota, budgetCeiling: next.budgetCeiling });
    const rearm = ALERT_THRESHOLDS.filter((t) => percent < t && current.alerts[String(t)]);
    if ((await deps.programmes.updateSettings(key, next, guard, at, options.by, rearm)) === 'conflict')
      continue;
    const state = await deps.programmes.get(key);
    if (!state) throw new Error('programme vanished after update');
    return { state, created: false };
  }
  throw new QuotaContentionError(
    'Program terus berubah selagi diatur; coba lagi.',
    'The programme kept changing while being set; try again.',
  );
}

function refuseBelowUse(current: ProgrammeState, next: ProgrammeSettings): void {
  if (next.quota < current.used)
    throw new ProgrammeRuleError(
      `kuota ${next.quota} lebih kecil dari tempat yang sudah terpakai (${current.used})`,
      `quota ${next.quota} is below the places already in use (${current.used})`,
    );
  if (next.budgetCeiling < current.committed)
    throw new ProgrammeRuleError(
      `pagu ${next.budgetCeiling} lebih kecil dari anggaran yang sudah terikat (${current.committed})`,
      `budget ${next.budgetCeiling} is below what is already committed (${current.committed})`,
    );
  for (const [k, q] of Object.entries(next.kecamatanQuotas)) {
    const used = current.kecUsed[k] ?? 0;
    if (q < used)
      throw new ProgrammeRuleError(
        `kuota kecamatan ${k} (${q}) lebih kecil dari yang sudah terpakai (${used})`,
        `kecamatan ${k} quota ${q} is below the places already in use there (${used})`,
      );
  }
}

export function settingsOf(s: ProgrammeState): ProgrammeSettings {
  return {
    regency: s.regency,
    year: s.year,
    quota: s.quota,
    monthlyPremium: s.monthlyPremium,
    startDate: s.startDate,
    endDate: s.endDate,
    budgetCeiling: s.budgetCeiling,
    budgetExplicit: s.budgetExplicit,
    minAge: s.minAge,
    maxAge: s.maxAge,
    excludedOccupations: [...s.excludedOccupations],
    kecamatanQuotas: { ...s.kecamatanQuotas },
    requiresApproval: s.requiresApproval,
    administrators: [...s.administrators],
  };
}

/**
 * The local stack's example programme: the regency's programme for the year of `today` (1 January –
 * 31 December) with the figures of its configuration (`programme`), unless one exists. Idempotent.
 */
export async function ensureExampleProgramme(
  programmes: ProgrammeRepository,
  defaults: ProgrammeDefaults,
  today: Date = new Date(),
): Promise<'created' | 'exists'> {
  const year = today.getUTCFullYear();
  const settings = newSettings(defaults, year, {});
  return programmes.create(settings, today.toISOString(), 'lindung start (example programme)');
}
