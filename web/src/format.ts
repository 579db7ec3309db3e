import { lang } from './i18n.ts';

const locale = () => (lang() === 'en' ? 'en-GB' : 'id-ID');
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `${locale()}|${key}`;
  let f = numberFormats.get(k);
  if (!f) {
    // Rupiah and counts always read the Indonesian way (75.000, Rp 1.234.567), whatever the language.
    f = new Intl.NumberFormat('id-ID', options);
    numberFormats.set(k, f);
  }
  return f;
}

export function num(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : numberFormat('n', { maximumFractionDigits: 0 }).format(n);
}

export function rupiah(n: number | null | undefined): string {
  return n === null || n === undefined
    ? '–'
    : numberFormat('idr', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(n);
}

export function percent(part: number, whole: number): string {
  if (!whole) return '–';
  const f = part / whole;
  // Small shares keep two digits (0,02 %), so a budget just started does not read as 0 %.
  return numberFormat(f > 0 && f < 0.01 ? 'pct2' : 'pct', {
    style: 'percent',
    maximumFractionDigits: f > 0 && f < 0.01 ? 2 : 1,
  }).format(f);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A time in the regency's zone (WITA); one formatter per language, reused (a list shows 1,000 of them). */
export function dateTime(iso: string | undefined): string {
  if (!iso) return '–';
  let f = dateFormats.get(locale());
  if (!f) {
    f = new Intl.DateTimeFormat(locale(), {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Makassar',
    });
    dateFormats.set(locale(), f);
  }
  return f.format(new Date(iso));
}

/** A time of day to the second (WITA), for steps that take seconds. */
export function clockTime(iso: string | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleTimeString(locale(), { timeZone: 'Asia/Makassar', hour12: false });
}

export function duration(ms: number | undefined): string {
  if (ms === undefined || ms === null) return '–';
  if (ms < 1000) return `${num(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${numberFormat('s', { maximumFractionDigits: 1 }).format(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/**
 * A NIK as the dashboard may show it. The API already masks; this only guards the display against a full NIK
 * (16 digits) ever being printed, e.g. one typed into the search box.
 */
export function maskNik(nik: string): string {
  return /^\d{16}$/.test(nik) ? `${nik.slice(0, 4)}**********${nik.slice(14)}` : nik;
}

/** YYYY-MM-DD of an ISO time in the regency's zone (Asia/Makassar, WITA). */
export function localDay(iso: string): string {
  return new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Asia/Makassar' });
}
