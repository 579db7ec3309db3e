/**
 * Report periods in the regency's time zone: a weekly report covers the last full week (Monday–Sunday) before
 * the day it is made, a monthly one the last full month. Dates are civil dates (YYYY-MM-DD) of that zone.
 */

import { MONTHS_ID } from '../validation/dates.ts';

export type PeriodKind = 'weekly' | 'monthly';

export interface ReportPeriod {
  kind: PeriodKind;
  /** `weekly-2026-W48`, `monthly-2026-11`: the key of the stored report and of its send records. */
  id: string;
  /** First and last day, inclusive. */
  from: string;
  to: string;
  /** For people: `23–29 November 2026`, `November 2026`. */
  label: string;
}

const DAY = 86_400_000;

const toDays = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
const fromDays = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
export const addDays = (d: string, n: number) => fromDays(toDays(d) + n);

/** ISO week (`2026-W48`) of a civil date. */
export function isoWeek(d: string): string {
  const days = toDays(d);
  const weekday = (new Date(days * DAY).getUTCDay() + 6) % 7; // Monday 0
  const thursday = days - weekday + 3;
  const year = new Date(thursday * DAY).getUTCFullYear();
  const week = Math.floor((thursday - toDays(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const human = (d: string) =>
  `${Number(d.slice(8, 10))} ${MONTHS_ID[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;

/** The period a report made on `asOf` (a civil date of the regency) covers. */
export function reportPeriod(kind: PeriodKind, asOf: string): ReportPeriod {
  if (kind === 'weekly') {
    const weekday = (new Date(toDays(asOf) * DAY).getUTCDay() + 6) % 7;
    const from = addDays(asOf, -weekday - 7);
    const to = addDays(from, 6);
    const sameMonth = from.slice(0, 7) === to.slice(0, 7);
    const label = sameMonth ? `${Number(from.slice(8, 10))}–${human(to)}` : `${human(from)} – ${human(to)}`;
    return { kind, id: `weekly-${isoWeek(from)}`, from, to, label };
  }
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  const prev = m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 };
  const month = `${prev.y}-${String(prev.m).padStart(2, '0')}`;
  const from = `${month}-01`;
  const to = addDays(`${y}-${String(m).padStart(2, '0')}-01`, -1);
  return { kind, id: `monthly-${month}`, from, to, label: `${MONTHS_ID[prev.m - 1]} ${prev.y}` };
}

export const formatDay = human;

/** Indonesia's zones by their common names (WIB, WITA, WIT); any other zone by its IANA name. */
const ZONE_NAMES: Readonly<Record<string, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** How a report names the time zone its dates are in: `WITA` for Asia/Makassar. */
export const zoneLabel = (timeZone: string): string => ZONE_NAMES[timeZone] ?? timeZone;
