/** Single-field rules: cell values, gender, names, phone numbers, occupations. Pure functions. */
import { formatIso } from './dates.ts';
import type { Gender } from './types.ts';

/** A cell as a reader gives it: CSV cells are strings, XLSX cells keep their type. */
export type Cell = string | number | boolean | Date | null | undefined;

/** What a person would see in the cell, trimmed ('' for an empty cell). Dates as YYYY-MM-DD. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (Number.isNaN(cell.getTime())) return '';
  return formatIso({ year: cell.getUTCFullYear(), month: cell.getUTCMonth() + 1, day: cell.getUTCDate() });
}

/**
 * "KABUPATEN KUTAI TIMUR" → "Kabupaten Kutai Timur": each word's first letter upper case, also after a
 * bracket, slash or hyphen ("KUTAI KARTANEGARA (KUKAR)" → "Kutai Kartanegara (Kukar)").
 */
export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[\s(/-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Whitespace that needs collapsing: anything but single ASCII spaces. */
const ODD_SPACE = /[\t\n\r\f\v\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

/** {@link cellText} with runs of whitespace collapsed into one space (names, occupations, places). */
export function cleanText(cell: Cell): string {
  if (typeof cell !== 'string') return cellText(cell);
  if (isPlainText(cell)) return cell;
  const t = cell.trim();
  return ODD_SPACE.test(t) ? normalizeSpaces(t) : t;
}

/**
 * Printable ASCII with single spaces between words and none at the ends: text that trimming and
 * collapsing whitespace leave as it is (most cells), told without a regular expression.
 */
function isPlainText(s: string): boolean {
  let space = true; // a space here would be leading (or doubled)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (space) return false;
      space = true;
    } else if (c < 33 || c > 126) return false;
    else space = false;
  }
  return !space || s.length === 0;
}

export function isBlankCell(cell: Cell): boolean {
  if (cell === '') return true;
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

const GENDERS: ReadonlyMap<string, Gender> = new Map([
  ['l', 'L'],
  ['lk', 'L'],
  ['lakilaki', 'L'],
  ['laki', 'L'],
  ['pria', 'L'],
  ['m', 'L'],
  ['male', 'L'],
  ['p', 'P'],
  ['pr', 'P'],
  ['pere', 'P'],
  ['perempuan', 'P'],
  ['wanita', 'P'],
  ['w', 'P'],
  ['f', 'P'],
  ['female', 'P'],
]);

/** L, P, LK, PR, Laki-laki, Perempuan, Pria, Wanita (any case, any punctuation). */
export function parseGender(value: string): Gender | undefined {
  if (value === 'L' || value === 'P') return value;
  const known = genderCache.get(value);
  if (known !== undefined) return known ?? undefined;
  const gender = GENDERS.get(value.toLowerCase().replace(/[^a-z]/g, ''));
  if (genderCache.size >= 1000) genderCache.clear();
  genderCache.set(value, gender ?? null);
  return gender;
}

/** Gender texts repeat (Perempuan, LK, l…): each distinct text is read once. */
const genderCache = new Map<string, Gender | null>();

export type NameProblem = 'digits' | 'formula' | 'too-short' | 'characters' | 'too-long' | 'too-many-words';

/**
 * What a BPJS Ketenagakerjaan registration takes: the name as on the KTP, which Dukcapil holds in at most
 * 100 characters; no real name has more than 12 words (long Indonesian names with titles have 6–8).
 */
export const MAX_NAME_CHARS = 100;
export const MAX_NAME_WORDS = 12;

/** Letters of any alphabet, combining marks, spaces, apostrophes, dots, commas, hyphens. */
const NAME_CHARS = /^[\p{L}\p{M}\s'’‘`.,-]+$/u;
const LETTER = /\p{L}/gu;

/**
 * The common case, `/^[A-Za-z][A-Za-z .,'-]*[A-Za-z][A-Za-z .,'-]*$/` without a regular expression: a Latin
 * letter first, then Latin letters, spaces and . , ' - with at least two letters in all.
 */
function isSimpleName(name: string): boolean {
  let letters = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const lower = c | 32;
    if (lower >= 97 && lower <= 122) letters += 1;
    else if (i === 0 || (c !== 32 && c !== 46 && c !== 44 && c !== 39 && c !== 45)) return false;
  }
  return letters >= 2;
}

/**
 * A name that {@link cleanText} leaves as it is and that has no {@link nameProblem} (the common case), told
 * in one pass: a Latin letter first, then Latin letters and . , ' - with single spaces between words and
 * none at the end, at least two letters.
 */
export function isPlainSimpleName(name: string): boolean {
  if (name.length > MAX_NAME_CHARS) return false;
  let words = 1;
  let letters = 0;
  let space = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const lower = c | 32;
    if (lower >= 97 && lower <= 122) {
      letters += 1;
      space = false;
    } else if (i === 0) return false;
    else if (c === 32) {
      if (space) return false;
      space = true;
      words += 1;
    } else if (c === 46 || c === 44 || c === 39 || c === 45) space = false;
    else return false;
  }
  return letters >= 2 && !space && words <= MAX_NAME_WORDS;
}

export function nameProblem(name: string): NameProblem | undefined {
  if (name.length > MAX_NAME_CHARS) return 'too-long';
  if (name.split(' ').length > MAX_NAME_WORDS) return 'too-many-words';
  if (isSimpleName(name)) return undefined;
  if (/^[=+\-@]/.test(name)) return 'formula';
  if (/\p{Nd}/u.test(name)) return 'digits';
  if (!NAME_CHARS.test(name)) return 'characters';
  if ((name.match(LETTER)?.length ?? 0) < 2) return 'too-short';
  return undefined;
}

/** Collapses runs of whitespace (incl. non-breaking spaces) into one space. */
export function normalizeSpaces(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

const PHONE_SEPARATORS = /[\s\-.()/\u00a0]/;

/**
 * A value of digits, '+' and the ASCII separators space - . ( ) / with the separators removed (what
 * trimming and removing PHONE_SEPARATORS give for such a value); null for any other character.
 */
function withoutAsciiSeparators(v: string): string | null {
  let out = '';
  let from = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 43) continue; // digit, '+'
    if (c !== 32 && c !== 45 && c !== 46 && c !== 40 && c !== 41 && c !== 47) return null;
    if (i > from) out += v.slice(from, i);
    from = i + 1;
  }
  return from === 0 ? v : out + v.slice(from);
}

/**
 * The common shapes without regular expressions: digits only after an optional '+'. Returns the +62 form,
 * undefined when such a value is not a mobile number, null when the value has other characters.
 */
function compactMobile(v: string): string | undefined | null {
  const start = v.charCodeAt(0) === 43 ? 1 : 0; // '+'
  for (let i = start; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  let national: number; // index of the leading 8
  if (start === 1) national = v.startsWith('+62') ? 3 : -1;
  else if (v.startsWith('62')) national = 2;
  else if (v.startsWith('0')) national = 1;
  else national = 0;
  if (national < 0 || v.charCodeAt(national) !== 56) return undefined; // '8'
  const length = v.length - national;
  const second = v.charCodeAt(national + 1);
  if (length < 9 || length > 12 || second === 48) return undefined;
  return `+62${v.slice(national)}`;
}

/**
 * An Indonesian mobile number (08…, 628…, +628…, or 8… when Excel dropped the leading 0 of a number
 * cell) as +62…; undefined when it is not one. Separators (spaces, dashes, dots, brackets) are ignored.
 */
export function normalizePhone(value: string): string | undefined {
  const fast = compactMobile(value);
  if (fast !== null) return fast;
  const plain = withoutAsciiSeparators(value);
  if (plain !== null) return compactMobile(plain) ?? undefined;
  const compact = PHONE_SEPARATORS.test(value) ? value.trim().replace(/[\s\-.()/\u00a0]/g, '') : value;
  const m = /^(?:\+62|62|0)?(8[1-9]\d{7,10})$/.exec(compact);
  return m ? `+62${m[1]}` : undefined;
}

/** Spelled-out and common forms of the excluded occupation codes (configuration names the codes). */
const OCCUPATION_FORMS: Readonly<Record<string, readonly string[]>> = {
  PNS: ['pns', 'pegawai negeri sipil', 'pegawai negeri', 'cpns', 'calon pegawai negeri sipil'],
  ASN: ['asn', 'aparatur sipil negara', 'aparatur negara'],
  PPPK: ['pppk', 'p3k', 'pegawai pemerintah dengan perjanjian kerja'],
  TNI: [
    'tni',
    'tentara nasional indonesia',
    'tentara',
    'tni ad',
    'tni al',
    'tni au',
    'prajurit tni',
    'anggota tni',
    'angkatan darat',
    'angkatan laut',
    'angkatan udara',
  ],
  POLRI: [
    'polri',
    'polisi',
    'kepolisian',
    'kepolisian negara republik indonesia',
    'anggota polri',
    'bhayangkara',
  ],
};

function words(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

export interface OccupationMatcher {
  /** The excluded group an occupation belongs to (e.g. 'PNS'), or undefined when eligible. */
  excludedGroup(occupation: string): string | undefined;
}

/** Matches whole words: "PNS Guru" and "Pegawai Negeri Sipil" are excluded, "Petani" (contains "tni") is not. */
export function occupationMatcher(excluded: readonly string[]): OccupationMatcher {
  const phrases: Array<{ phrase: string; group: string }> = [];
  for (const entry of excluded) {
    const group = entry.trim();
    if (group === '') continue;
    const forms = OCCUPATION_FORMS[group.toUpperCase()] ?? [];
    for (const form of [group, ...forms]) {
      const phrase = words(form);
      if (phrase.trim() !== '') phrases.push({ phrase, group });
    }
  }
  // Occupations repeat (Petani, Nelayan…): remember the answer per distinct text, within a bound.
  const cache = new Map<string, string | null>();
  // In front of it, the last text seen per (length, first and last two letters): one string comparison.
  // 256 slots: common occupations must not share one (Petani and Peternak did with 64, Tukang Batu and
  // Tukang Kayu without the last-but-one letter), or each would push the other out on every row.
  const recentText: Array<string | undefined> = new Array<string | undefined>(256).fill(undefined);
  const recentGroup: Array<string | null> = new Array<string | null>(256).fill(null);
  return {
    excludedGroup(occupation) {
      const n = occupation.length;
      const r =
        (n * 31 +
          occupation.charCodeAt(0) * 7 +
          occupation.charCodeAt(n - 1) +
          occupation.charCodeAt(n - 2) * 13) &
        255;
      if (recentText[r] === occupation) return recentGroup[r] ?? undefined;
      const known = cache.get(occupation);
      if (known !== undefined) {
        recentText[r] = occupation;
        recentGroup[r] = known;
        return known ?? undefined;
      }
      const text = words(occupation);
      let group: string | null = null;
      for (const p of phrases) {
        if (text.includes(p.phrase)) {
          group = p.group;
          break;
        }
      }
      if (cache.size >= 20_000) cache.clear();
      cache.set(occupation, group);
      return group ?? undefined;
    },
  };
}
