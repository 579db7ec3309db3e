/**
 * The rows of a synthetic worker list: realistic rows (NIK consistent with birth date and gender, real
 * Kemendagri desa codes of the regency, Indonesian names, informal occupations), with a chosen share of rows
 * carrying one deliberate error each. Deterministic for a seed; a generator, so no row is held.
 */
import { seededRandom } from '../shared/seeded-random.ts';
import { FIELDS, WORKER_LIST_COLUMNS } from './columns.ts';
import { civilFromDays, daysFromCivil, formatDate, isValidYmd, type Ymd } from './dates.ts';
import { encodeNik } from './nik.ts';
import { NikIndex } from './nik-index.ts';
import type { Desa, RegionDirectory } from './regions.ts';
import {
  BAD_DATES,
  BAD_GENDERS,
  BAD_NAMES,
  EMPLOYERS,
  FAMILY_NAMES,
  FEMALE_NAMES,
  INELIGIBLE,
  MALE_NAMES,
  OCCUPATION_TOTAL,
  OCCUPATIONS,
  OTHER_KECAMATAN,
  OUTSIDE_DESA,
} from './sample-vocabulary.ts';
import { type Gender, ROW_ERROR_CODES, type Uploader } from './types.ts';

/** The header of a sample: the canonical label of each worker-list column. */
export const SAMPLE_HEADERS: readonly string[] = WORKER_LIST_COLUMNS.map((key) => FIELDS[key].label);

export type SampleCell = string | number | Date | null;

/** The error codes the generator injects (one per affected row). */
export const INJECTABLE_CODES = ROW_ERROR_CODES;
export type InjectedCode = (typeof INJECTABLE_CODES)[number];

export interface SampleRow {
  /** Row number in the written file (the header is row 1). */
  row: number;
  cells: SampleCell[];
  /** The error deliberately put in this row, if any. */
  injected?: InjectedCode;
  /** True when an employer is named (the row is valid and will be REFERRED). */
  employer: boolean;
}

export interface SampleOptions {
  rows: number;
  /** Share of rows with one injected error, 0–1 (default 0). */
  errorRate?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  format?: 'csv' | 'xlsx';
  /** The regency's directory (default: loaded for regencyCode). */
  regions?: RegionDirectory;
  /** Default: the configured regency's (src/shared/regency-config.ts). */
  regencyCode?: string;
  /** Ages are drawn within [minAge, maxAge] on 1 January of this year (default: current year). */
  programmeYear?: number;
  minAge?: number;
  maxAge?: number;
  /** A desa upload puts every worker in that desa (default: an agency upload, workers across the regency). */
  uploader?: Uploader;
  /** CSV delimiter (default ','). */
  delimiter?: ',' | ';' | '\t';
  /**
   * XLSX: put texts in a shared-strings table as Excel does (the reader's realistic, heavier case). The
   * writer then holds every distinct text in memory: default on up to 100,000 rows, off above.
   */
  sharedStrings?: boolean;
}

interface Identity {
  nik: string;
  birth: Ymd;
  gender: Gender;
}

/** The rows of a sample, as cells in SAMPLE_HEADERS order, with what was injected. */
export function* sampleRows(options: SampleOptions & { regions: RegionDirectory }): Generator<SampleRow> {
  const { rows, regions } = options;
  const rand = seededRandom(options.seed ?? 1);
  const errorRate = Math.min(Math.max(options.errorRate ?? 0, 0), 1);
  const format = options.format ?? 'csv';
  const year = options.programmeYear ?? new Date().getFullYear();
  const minAge = options.minAge ?? 18;
  const maxAge = options.maxAge ?? 64;
  const allDesa = regions.listDesa();
  const uploader = options.uploader ?? { kind: 'agency', agency: 'disnakertrans' };
  const ownDesa = uploader.kind === 'desa' ? regions.desaByCode(uploader.desa) : undefined;
  if (uploader.kind === 'desa' && !ownDesa)
    throw new RangeError(`desa ${uploader.desa} is not in the directory`);
  const kecamatanCodes = regions.listKecamatan().map((k) => k.code);
  const seen = new NikIndex(Math.min(rows, 1 << 20));
  const recent: Identity[] = [];

  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  /** A birth date giving exactly `age` completed years on 1 January `year`. */
  const birthForAge = (age: number): Ymd => {
    const from = daysFromCivil({ year: year - age - 1, month: 1, day: 2 });
    const to = daysFromCivil({ year: year - age, month: 1, day: 1 });
    return civilFromDays(int(from, to));
  };
  const uniqueNik = (kecamatan: string, birth: Ymd, gender: Gender): string => {
    for (let attempt = 0; ; attempt++) {
      const nik = encodeNik({
        kecamatan,
        birthDate: birth,
        gender,
        serial: attempt < 20 ? int(1, 2999) : int(1, 9999),
      });
      if (seen.firstRowOf(nik, 1) === undefined) return nik;
    }
  };
  const dateCell = (d: Ymd): SampleCell => {
    if (format === 'xlsx' && rand() < 0.8) return new Date(Date.UTC(d.year, d.month - 1, d.day));
    const r = rand();
    if (r < 0.6) return formatDate(d, 'dd-mm-yyyy');
    if (r < 0.8) return formatDate(d, 'dd/mm/yyyy');
    if (r < 0.9) return formatDate(d, 'd month yyyy');
    return formatDate(d, rand() < 0.5 ? 'd mon yyyy' : 'iso');
  };
  const phone = (): string => {
    const digits =
      `8${int(1, 5)}${String(int(0, 99)).padStart(2, '0')}${String(int(0, 99999999)).padStart(8, '0')}`.slice(
        0,
        int(10, 12),
      );
    const r = rand();
    if (r < 0.5) return `0${digits}`;
    if (r < 0.7) return `0${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
    if (r < 0.85) return `+62${digits}`;
    return `62${digits}`;
  };
  const occupation = (): string => {
    let r = rand() * OCCUPATION_TOTAL;
    for (const [name, weight] of OCCUPATIONS) {
      r -= weight;
      if (r < 0) return name;
    }
    return 'Petani';
  };

  for (let i = 0; i < rows; i++) {
    const row = i + 2;
    const gender: Gender = rand() < 0.5 ? 'L' : 'P';
    const age = int(minAge, maxAge);
    let birth = birthForAge(age);
    const desa: Desa = ownDesa ?? pick(allDesa);
    let nikKecamatan =
      rand() < 0.85 ? desa.kecamatan : rand() < 0.7 ? pick(kecamatanCodes) : pick(OTHER_KECAMATAN);
    const first = pick(gender === 'L' ? MALE_NAMES : FEMALE_NAMES);
    const name = rand() < 0.15 ? first : `${first} ${pick(FAMILY_NAMES)}`;
    const hasEmployer = rand() < 0.05;
    const employer = hasEmployer ? pick(EMPLOYERS) : undefined;
    let injected: InjectedCode | undefined = rand() < errorRate ? pick(INJECTABLE_CODES) : undefined;
    if (injected === 'DUPLICATE_IN_FILE' && recent.length === 0) injected = undefined;

    let identity: Identity | undefined;
    if (injected === 'DUPLICATE_IN_FILE' && recent.length > 0) identity = pick(recent);
    if (injected === 'AGE_OUT_OF_RANGE')
      birth = birthForAge(rand() < 0.5 ? Math.max(minAge - int(1, 5), 1) : maxAge + int(1, 10));
    if (injected === 'NIK_UNKNOWN_REGION') nikKecamatan = `${regions.regencyCode}99`;
    if (!identity) identity = { nik: uniqueNik(nikKecamatan, birth, gender), birth, gender };
    else birth = identity.birth;

    const cells: SampleCell[] = [
      identity.nik,
      name,
      dateCell(birth),
      rand() < 0.8
        ? identity.gender
        : identity.gender === 'L'
          ? pick(['Laki-laki', 'LK', 'l'])
          : pick(['Perempuan', 'PR', 'p']),
      uploader.kind === 'desa' && rand() < 0.5
        ? ''
        : rand() < 0.85
          ? desa.code
          : rand() < 0.5
            ? desa.name
            : dotDesa(desa.code),
      occupation(),
      rand() < 0.6 ? phone() : '',
      employer?.[0] ?? '',
      employer?.[1] ?? '',
      employer?.[2] ?? '',
    ];
    const set = (col: number, value: SampleCell) => {
      cells[col] = value;
    };

    switch (injected) {
      case 'MISSING_FIELD':
        set(rand() < 0.5 ? 1 : 5, '');
        break;
      case 'NIK_FORMAT':
        set(0, rand() < 0.5 ? identity.nik.slice(0, 15) : `${identity.nik}7`);
        break;
      case 'NIK_EXCEL_MANGLED': {
        const lost = `${identity.nik.slice(0, 15)}0`;
        if (format === 'xlsx') set(0, Number(lost));
        else
          set(
            0,
            rand() < 0.5
              ? `${identity.nik[0]}.${identity.nik.slice(1, 6)}E+15`
              : `${identity.nik.slice(0, 12)}0000`,
          );
        break;
      }
      case 'NIK_INVALID_DATE': {
        const bad = `${identity.nik.slice(0, 6)}${identity.gender === 'P' ? 75 : 35}${identity.nik.slice(8)}`;
        if (seen.firstRowOf(bad, 1) === undefined) set(0, bad);
        else injected = undefined;
        break;
      }
      case 'NIK_BIRTHDATE_MISMATCH': {
        const other = { ...birth, month: (birth.month % 12) + 1 };
        if (!isValidYmd(other.year, other.month, other.day)) other.day = 1;
        set(0, uniqueNik(nikKecamatan, other, gender));
        break;
      }
      case 'NIK_GENDER_MISMATCH':
        set(3, identity.gender === 'L' ? 'P' : 'L');
        break;
      case 'INVALID_DATE':
        set(2, pick(BAD_DATES));
        break;
      case 'INVALID_GENDER':
        set(3, pick(BAD_GENDERS));
        break;
      case 'INVALID_NAME':
        set(1, pick(BAD_NAMES));
        break;
      case 'UNKNOWN_DESA':
        set(4, rand() < 0.5 ? `${regions.regencyCode}992001` : 'Desa Antah Berantah');
        break;
      case 'DESA_OUTSIDE_AGENCY':
        if (uploader.kind === 'desa')
          set(4, allDesa.find((d) => d.code !== uploader.desa)?.code ?? OUTSIDE_DESA);
        else set(4, OUTSIDE_DESA);
        break;
      case 'INELIGIBLE_OCCUPATION':
        set(5, pick(INELIGIBLE));
        break;
      case 'INVALID_PHONE':
        set(6, pick(['12345', '0211234567', '08-12', '+1 555 0100']));
        break;
      default:
        break;
    }
    // An injected row must fail (or warn) for its one reason: an employer does not change that.
    if (!injected && recent.length < 64) recent.push(identity);
    else if (!injected && rand() < 0.01) recent[int(0, recent.length - 1)] = identity;
    yield { row, cells, ...(injected ? { injected } : {}), employer: hasEmployer };
  }
}

function dotDesa(code: string): string {
  return `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}`;
}
