/** Months and money for a programme: integer Rupiah only, months as YYYY-MM strings. */
import type { Place, ProgrammeSettings } from './model.ts';

export const monthOf = (isoDate: string): string => isoDate.slice(0, 7);

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to`, both included (0 when `to` is before `from`). */
export function monthsInclusive(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return Math.max(0, (ty - fy) * 12 + (tm - fm) + 1);
}

export const programmeMonths = (p: Pick<ProgrammeSettings, 'startDate' | 'endDate'>): number =>
  monthsInclusive(monthOf(p.startDate), monthOf(p.endDate));

/** quota × premium × months: the default budget ceiling. */
export const defaultBudget = (
  p: Pick<ProgrammeSettings, 'quota' | 'monthlyPremium' | 'startDate' | 'endDate'>,
) => p.quota * p.monthlyPremium * programmeMonths(p);

/**
 * The first month a place granted today is paid for: coverage starts on the first day of next month (as the
 * enrollment step sets it), never before the programme starts, and never after its last month (a place granted
 * in the last month still costs that month: the budget is never under-counted).
 */
export function firstPaidMonth(p: Pick<ProgrammeSettings, 'startDate' | 'endDate'>, today: Date): string {
  const next = addMonths(today.toISOString().slice(0, 7), 1);
  const start = monthOf(p.startDate);
  const end = monthOf(p.endDate);
  if (next < start) return start;
  if (next > end) return end;
  return next;
}

/** What one place granted today commits: premium × the months left from its first paid month. */
export function placeCost(
  p: Pick<ProgrammeSettings, 'startDate' | 'endDate' | 'monthlyPremium'>,
  today: Date,
): { fromMonth: string; endMonth: string; cost: number } {
  const fromMonth = firstPaidMonth(p, today);
  const endMonth = monthOf(p.endDate);
  return { fromMonth, endMonth, cost: p.monthlyPremium * monthsInclusive(fromMonth, endMonth) };
}

/**
 * What releasing a place gives back. A place never covered (reserved, or enrollment failed) gives back all it
 * committed; a covered worker who exits keeps the months up to and including the current one (already due).
 */
export function refundFor(place: Place, today: Date, covered: boolean): number {
  if (!covered) return place.committed;
  const current = today.toISOString().slice(0, 7);
  if (current < place.fromMonth) return place.committed;
  let paidThrough = current;
  if (paidThrough > place.endMonth) paidThrough = place.endMonth; // months are strings: no Math.min
  const spent = place.monthlyPremium * monthsInclusive(place.fromMonth, paidThrough);
  return Math.max(0, place.committed - spent);
}

const thousands = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** `Rp 30.240.000.000`: money as Indonesians read it (integers in JSON, this for people). */
export const formatRupiah = (amount: number): string =>
  `${amount < 0 ? '-' : ''}Rp ${thousands.format(Math.abs(amount))}`;

/** 150.000 */
export const formatCount = (n: number): string => thousands.format(n);
