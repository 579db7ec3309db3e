/**
 * Birth dates as agencies write them: day first (DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY), ISO YYYY-MM-DD,
 * `12 Maret 1990` / `12 Mar 1990` (Indonesian and English month names), Excel serial numbers and the
 * JS Date values a spreadsheet reader gives for date cells. Plain integer arithmetic, no time zones:
 * a birth date is a calendar day, not an instant.
 */

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when the triple is a real calendar day (no 31/02, no 29/02 outside leap years). */
export function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Days since 1970-01-01 (proleptic Gregorian), H. Hinnant's days_from_civil. */
export function daysFromCivil({ year, month, day }: Ymd): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link daysFromCivil}. */
export function civilFromDays(days: number): Ymd {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 1899-12-30 in days since 1970: serial 1 is 1900-01-01 once Excel's fictitious 29/02/1900 (serial 60) is passed. */
const EXCEL_EPOCH_1900 = daysFromCivil({ year: 1899, month: 12, day: 30 });
const EXCEL_EPOCH_1904 = daysFromCivil({ year: 1904, month: 1, day: 1 });

/**
 * An Excel date serial (the integer part; a time of day is ignored) as a calendar day.
 * Serial 60 is Excel's non-existent 29 February 1900 and yields null.
 */
export function excelSerialToYmd(serial: number, date1904 = false): Ymd | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const whole = Math.floor(serial);
  if (date1904) return civilFromDays(EXCEL_EPOCH_1904 + whole);
  if (whole === 60) return null;
  return civilFromDays(EXCEL_EPOCH_1900 + (whole < 60 ? whole + 1 : whole));
}

export function ymdToExcelSerial(date: Ymd): number {
  const serial = daysFromCivil(date) - EXCEL_EPOCH_1900;
  return serial <= 60 ? serial - 1 : serial;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');

/** YYYY-MM-DD. */
export function formatIso(d: Ymd): string {
  const { year, month, day } = d;
  const y = year >= 1000 ? String(year) : pad4(year);
  return `${y}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export type DateStyle = 'dd-mm-yyyy' | 'dd/mm/yyyy' | 'dd.mm.yyyy' | 'iso' | 'd month yyyy' | 'd mon yyyy';

export const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;
const MONTHS_ID_SHORT = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'Mei',
  'Jun',
  'Jul',
  'Agu',
  'Sep',
  'Okt',
  'Nov',
  'Des',
] as const;

/** Formats a day the way agencies write it (used by the sample generator and the tests). */
export function formatDate(d: Ymd, style: DateStyle): string {
  switch (style) {
    case 'dd-mm-yyyy':
      return `${pad2(d.day)}-${pad2(d.month)}-${pad4(d.year)}`;
    case 'dd/mm/yyyy':
      return `${pad2(d.day)}/${pad2(d.month)}/${pad4(d.year)}`;
    case 'dd.mm.yyyy':
      return `${pad2(d.day)}.${pad2(d.month)}.${pad4(d.year)}`;
    case 'iso':
      return formatIso(d);
    case 'd month yyyy':
      return `${d.day} ${MONTHS_ID[d.month - 1]} ${pad4(d.year)}`;
    case 'd mon yyyy':
      return `${d.day} ${MONTHS_ID_SHORT[d.month - 1]} ${pad4(d.year)}`;
  }
}

/** Indonesian names, abbreviations and old spellings, plus English where they differ. */
const MONTH_NAMES: ReadonlyMap<string, number> = new Map(
  (
    [
      [1, ['januari', 'jan', 'january']],
      [2, ['februari', 'feb', 'pebruari', 'peb', 'february', 'febr']],
      [3, ['maret', 'mar', 'march', 'mrt']],
      [4, ['april', 'apr']],
      [5, ['mei', 'may']],
      [6, ['juni', 'jun', 'june']],
      [7, ['juli', 'jul', 'july']],
      [8, ['agustus', 'agu', 'agt', 'ags', 'agust', 'aug', 'august']],
      [9, ['september', 'sep', 'sept']],
      [10, ['oktober', 'okt', 'oct', 'october']],
      [11, ['november', 'nov', 'nopember', 'nop']],
      [12, ['desember', 'des', 'dec', 'december']],
    ] as const
  ).flatMap(([month, names]) => names.map((name) => [name, month] as const)),
);

export function monthFromName(name: string): number | undefined {
  return MONTH_NAMES.get(name.toLowerCase().replace(/\.$/, ''));
}

/** Why a value is not a date: lets the message say what to fix. */
export type DateProblem = 'empty' | 'format' | 'two-digit-year' | 'impossible' | 'month-name';

export type DateParse = { ok: true; date: Ymd } | { ok: false; problem: DateProblem };

const NUMERIC_DMY = /^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const NAMED = /^(\d{1,2})[\s\-/.]+([A-Za-z]+\.?)[\s\-/.,]+(\d{2}|\d{4})$/;
/** A time of day exported after the date ("1990-03-12 00:00:00", "12/03/1990 0:00"). */
const TIME_SUFFIX =
  /(?:[T\s]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:\s*[AP]M)?(?:Z|[+-]\d{2}:?\d{2})?)$/i;

function checkedRaw(year: number, month: number, day: number): Ymd | DateProblem {
  return isValidYmd(year, month, day) ? { year, month, day } : 'impossible';
}

function wrap(result: Ymd | DateProblem): DateParse {
  return typeof result === 'string' ? { ok: false, problem: result } : { ok: true, date: result };
}

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/**
 * DD-MM-YYYY / DD/MM/YYYY / DD.MM.YYYY / YYYY-MM-DD without regular expressions (the common case), written into
 * `into` so a hot loop needs no new object per row: 1 = a real day, -1 = such a text that is no real day,
 * 0 = another shape.
 */
export function readFixedDate(s: string, into: Ymd): 1 | 0 | -1 {
  if (s.length !== 10) return 0;
  const sep = s.charCodeAt(2);
  if ((sep === 45 || sep === 47 || sep === 46) && s.charCodeAt(5) === sep) return readAt(s, 0, 3, 6, into);
  if (s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) return readAt(s, 8, 5, 0, into);
  return 0;
}

/** The day, month and year digits at their offsets (2, 2 and 4 digits). */
function readAt(s: string, d: number, m: number, y: number, into: Ymd): 1 | 0 | -1 {
  const d1 = digit(s, d);
  const d2 = digit(s, d + 1);
  const m1 = digit(s, m);
  const m2 = digit(s, m + 1);
  const y1 = digit(s, y);
  const y2 = digit(s, y + 1);
  const y3 = digit(s, y + 2);
  const y4 = digit(s, y + 3);
  if ((d1 | d2 | m1 | m2 | y1 | y2 | y3 | y4) < 0) return 0;
  const year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (!isValidYmd(year, month, day)) return -1;
  into.year = year;
  into.month = month;
  into.day = day;
  return 1;
}

function fastParse(s: string): Ymd | DateProblem | undefined {
  const into: Ymd = { year: 0, month: 0, day: 0 };
  const read = readFixedDate(s, into);
  return read === 1 ? into : read === -1 ? 'impossible' : undefined;
}

/**
 * "12 Maret 1990" (1–2 digit day, one space, a month name in Latin letters, one space, 4-digit year): what
 * the NAMED expression reads, without regular expressions. Undefined for any other shape.
 */
function fastNamed(s: string): Ymd | DateProblem | undefined {
  const n = s.length;
  if (n < 8 || n > 24) return undefined;
  const d1 = digit(s, 0);
  if (d1 < 0) return undefined;
  let day = d1;
  let i = 1;
  const d2 = digit(s, 1);
  if (d2 >= 0) {
    day = d1 * 10 + d2;
    i = 2;
  }
  if (s.charCodeAt(i) !== 32) return undefined;
  const from = ++i;
  for (;;) {
    const lower = s.charCodeAt(i) | 32;
    if (lower < 97 || lower > 122) break;
    i += 1;
  }
  if (i === from || s.charCodeAt(i) !== 32 || n - i !== 5) return undefined;
  const y1 = digit(s, i + 1);
  const y2 = digit(s, i + 2);
  const y3 = digit(s, i + 3);
  const y4 = digit(s, i + 4);
  if ((y1 | y2 | y3 | y4) < 0) return undefined;
  const month = MONTH_NAMES.get(s.slice(from, i).toLowerCase());
  if (month === undefined) return 'month-name';
  return checkedRaw(y1 * 1000 + y2 * 100 + y3 * 10 + y4, month, day);
}

/** Parses a date written as text. Day first: 03/04/1990 is 3 April 1990. */
export function parseDateText(raw: string): DateParse {
  return wrap(dateOrProblemOfText(raw));
}

/** {@link parseDateText} without the wrapper object: a day, or why the text is not one. */
export function dateOrProblemOfText(raw: string): Ymd | DateProblem {
  const fast = fastParse(raw) ?? fastNamed(raw);
  if (fast) return fast;
  const text = raw.trim().replace(TIME_SUFFIX, '').trim();
  if (text === '') return 'empty';
  let m = ISO.exec(text);
  if (m) return checkedRaw(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NUMERIC_DMY.exec(text);
  if (m) {
    if (m[4]?.length === 2) return 'two-digit-year';
    return checkedRaw(Number(m[4]), Number(m[3]), Number(m[1]));
  }
  m = NAMED.exec(text);
  if (m) {
    const month = monthFromName(m[2] ?? '');
    if (month === undefined) return 'month-name';
    if (m[3]?.length === 2) return 'two-digit-year';
    return checkedRaw(Number(m[3]), month, Number(m[1]));
  }
  return 'format';
}

/**
 * A cell value as a date: text (see {@link parseDateText}), an Excel serial number, or a JS Date from a
 * spreadsheet reader (read in UTC, which is how readers build them from serials).
 */
export function parseDateValue(value: unknown, date1904 = false): DateParse {
  return wrap(dateOrProblem(value, date1904));
}

/** {@link parseDateValue} without the wrapper object. */
export function dateOrProblem(value: unknown, date1904 = false): Ymd | DateProblem {
  if (typeof value === 'string') return dateOrProblemOfText(value);
  if (value === null || value === undefined) return 'empty';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return 'impossible';
    return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() };
  }
  if (typeof value === 'number') return excelSerialToYmd(value, date1904) ?? 'impossible';
  return 'format';
}

/** Parses YYYY-MM-DD strictly (configuration values). */
export function parseIsoDate(text: string): Ymd | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidYmd(year, month, day) ? { year, month, day } : null;
}

/** Completed years of age on a given day (a 29 February birthday counts on 1 March in common years). */
export function ageOn(birth: Ymd, on: Ymd): number {
  let age = on.year - birth.year;
  if (on.month < birth.month || (on.month === birth.month && on.day < birth.day)) age -= 1;
  return age;
}
