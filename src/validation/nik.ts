/**
 * NIK (Nomor Induk Kependudukan, Dukcapil): 16 digits =
 *   2 province + 2 regency + 2 kecamatan (where the NIK was first issued, not where the person lives)
 *   + birth date DDMMYY, with 40 added to the day for women
 *   + a 4-digit serial from 0001.
 * The century is not in the NIK: it comes from the birth-date column.
 */
import { isValidYmd, type Ymd } from './dates.ts';
import type { Gender } from './types.ts';

export interface DecodedNik {
  nik: string;
  /** 2 digits, e.g. '64'. */
  province: string;
  /** 4 digits, e.g. '6408'. */
  regency: string;
  /** 6 digits, e.g. '640804'. */
  kecamatan: string;
  /** Day of birth as encoded (1–31 for men, 41–71 for women). */
  encodedDay: number;
  /** Day of birth (encodedDay − 40 for women). */
  day: number;
  month: number;
  /** Two-digit year of birth. */
  yy: number;
  gender: Gender;
  /** 4 digits, e.g. '0001'. */
  serial: string;
}

const SIXTEEN_DIGITS = /^\d{16}$/;

/** `/^\d{16}$/` without a regular expression (called for every row). */
export function isSixteenDigits(s: string): boolean {
  if (s.length !== 16) return false;
  for (let i = 0; i < 16; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Removes what people type around a NIK: spaces (incl. non-breaking), dots, a leading apostrophe (Excel's text marker). */
export function cleanNik(raw: string): string {
  if (isSixteenDigits(raw)) return raw;
  return raw.replace(/[\s.\u00a0\u200b]/g, '').replace(/^['\u2018\u2019`]/, '');
}

export function isNikShape(nik: string): boolean {
  return SIXTEEN_DIGITS.test(nik);
}

/** Splits a 16-digit NIK into its parts; null when the value is not 16 digits. Does not check the date. */
export function decodeNik(nik: string): DecodedNik | null {
  if (!isSixteenDigits(nik)) return null;
  const f = nikFields(nik);
  return {
    nik,
    province: nik.slice(0, 2),
    regency: nik.slice(0, 4),
    kecamatan: nik.slice(0, 6),
    encodedDay: f.encodedDay,
    day: f.day,
    month: f.month,
    yy: f.yy,
    gender: f.gender,
    serial: nik.slice(12, 16),
  };
}

/** The numeric parts of a NIK known to be 16 digits, without building strings (used for every row). */
export interface NikFields {
  /** 6-digit kecamatan code as a number, e.g. 640804. */
  kecamatan: number;
  encodedDay: number;
  day: number;
  month: number;
  yy: number;
  gender: Gender;
}

const two = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);

/** Fills `out` (or a new object) with the numeric parts of a 16-digit NIK. */
export function nikFields(nik: string, out?: NikFields): NikFields {
  const encodedDay = two(nik, 6);
  const female = encodedDay > 40;
  const f = out ?? ({} as NikFields);
  f.kecamatan = two(nik, 0) * 10000 + two(nik, 2) * 100 + two(nik, 4);
  f.encodedDay = encodedDay;
  f.day = female ? encodedDay - 40 : encodedDay;
  f.month = two(nik, 8);
  f.yy = two(nik, 10);
  f.gender = female ? 'P' : 'L';
  return f;
}

/**
 * True when the NIK's DDMMYY can be a real day. With a known century (`year` from the birth-date column)
 * the check is exact; without it, any century that makes the day real is accepted (29/02/00 is real in 2000).
 */
export function nikDateIsValid(
  decoded: Pick<DecodedNik, 'encodedDay' | 'day' | 'month' | 'yy'>,
  year?: number,
): boolean {
  const { encodedDay, day, month, yy } = decoded;
  if ((encodedDay >= 32 && encodedDay <= 40) || encodedDay > 71 || encodedDay === 0) return false;
  if (year !== undefined && year % 100 === yy) return isValidYmd(year, month, day);
  return isValidYmd(2000 + yy, month, day) || isValidYmd(1900 + yy, month, day);
}

export interface NikParts {
  /** 6-digit kecamatan code, e.g. '640804'. */
  kecamatan: string;
  birthDate: Ymd;
  gender: Gender;
  /** 1–9999. */
  serial: number;
}

/** Builds a NIK from its parts (sample generator, tests). */
export function encodeNik({ kecamatan, birthDate, gender, serial }: NikParts): string {
  if (!/^\d{6}$/.test(kecamatan)) throw new RangeError(`kecamatan must be 6 digits, got ${kecamatan}`);
  if (!isValidYmd(birthDate.year, birthDate.month, birthDate.day))
    throw new RangeError('birthDate is not a real day');
  if (!Number.isInteger(serial) || serial < 1 || serial > 9999) throw new RangeError('serial must be 1–9999');
  const day = birthDate.day + (gender === 'P' ? 40 : 0);
  return (
    kecamatan +
    String(day).padStart(2, '0') +
    String(birthDate.month).padStart(2, '0') +
    String(birthDate.year % 100).padStart(2, '0') +
    String(serial).padStart(4, '0')
  );
}

/**
 * `6408**********12`: the first 4 and last 2 characters, 10 stars between (UU 27/2022 PDP).
 * Values that are not 16 digits keep at most their first 4 and last 2 characters, and never more
 * than a third of their length, so a short fragment of a NIK is not shown either.
 */
export function maskNik(value: string): string {
  const s = value.trim();
  if (isSixteenDigits(s)) return `${s.slice(0, 4)}**********${s.slice(14)}`;
  if (s.length === 0) return '';
  if (s.length <= 6) return '*'.repeat(s.length);
  const head = Math.min(4, Math.floor(s.length / 3));
  const tail = Math.min(2, Math.floor(s.length / 6));
  return s.slice(0, head) + '*'.repeat(s.length - head - tail) + (tail > 0 ? s.slice(s.length - tail) : '');
}

/** `6.40804E+15`, `6,40804E+15`, `6.408041E15`: how Excel shows or exports a long number. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?[eE][+]?\d+$/;

export type NikMangling = 'scientific' | 'numeric-cell' | 'zeroed-serial';

/**
 * Detects a NIK that Excel turned into a number. Excel keeps 15 significant digits: a NIK typed into a
 * General or Number cell loses its last digit (it becomes 0) and shows as `6.40804E+15`. We never try to
 * repair it: the digits are gone.
 *
 * - text in scientific notation;
 * - a numeric spreadsheet cell, unless it holds exactly 16 digits ending in a non-zero digit, which Excel
 *   could not have produced (a program wrote it, and it is exact);
 * - a 16-digit value whose serial is 0000: serials start at 0001, and 0001 → 0000 is what Excel does.
 */
export function detectExcelMangling(value: unknown): NikMangling | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    if (Math.abs(value) < 1e13) return null; // too short to be a mangled NIK: a plain format error
    if (Number.isSafeInteger(value) && value >= 1e15 && value < 1e16 && value % 10 !== 0) return null;
    return 'numeric-cell';
  }
  if (typeof value !== 'string') return null;
  if (isSixteenDigits(value)) return value.endsWith('0000') ? 'zeroed-serial' : null;
  const s = value.trim().replace(/^'/, '');
  if (SCIENTIFIC.test(s)) return 'scientific';
  const cleaned = cleanNik(s);
  if (SIXTEEN_DIGITS.test(cleaned) && cleaned.endsWith('0000')) return 'zeroed-serial';
  return null;
}

/** A numeric spreadsheet NIK as text (no exponent), for messages and for exact numeric cells. */
export function numberToDigits(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  return BigInt(Math.round(value)).toString();
}
