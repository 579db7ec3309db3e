/**
 * Kemendagri region codes for one regency, from the npm package `idn-area-data`
 * (https://github.com/fityannugroho/idn-area-data). Its code is MIT; its DATA is licensed under the
 * Open Database License (ODbL) v1.0 — see node_modules/idn-area-data/data/LICENSE.md. We use the
 * data unchanged and credit it in src/validation/README.md and in the template's "Petunjuk" sheet.
 *
 * Codes are Kemendagri codes (64.08 = Kutai Timur), never BPS codes (6404 for the same regency).
 *
 * Loading: `loadRegionDirectory(regencyCode)` reads `idn-area-data/data/{villages,districts,regencies}.csv`
 * once, located with `createRequire(import.meta.url).resolve('idn-area-data/package.json')`, and keeps only
 * the regency's villages (141 for Kutai Timur) plus the set of every kecamatan code in Indonesia
 * (~7,300, for NIK_UNKNOWN_REGION). For an esbuild bundle (Lambda) either ship the package next to the
 * bundle (`bundling.nodeModules: ['idn-area-data']`), or set LINDUNG_AREA_DATA_DIR to a folder with the
 * three CSV files, or inline the CSV text at build time and call `buildRegionDirectory` directly.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Kecamatan {
  /** 6 digits without dots, e.g. '640804'. */
  code: string;
  name: string;
}

export interface Desa {
  /** 10 digits without dots, e.g. '6408042001'. */
  code: string;
  name: string;
  /** 6 digits without dots. */
  kecamatan: string;
  kecamatanName: string;
  /** 'kelurahan' when the 4-digit village part starts with 1, else 'desa' (Kemendagri numbering). */
  kind: 'desa' | 'kelurahan';
}

export interface RegionCsvText {
  /** idn-area-data `villages.csv` (code,district_code,name); may be pre-filtered to the regency. */
  villages: string;
  /** idn-area-data `districts.csv` (code,regency_code,name): every kecamatan in Indonesia. */
  districts: string;
  /** idn-area-data `regencies.csv` (code,province_code,name); optional, for the regency's name. */
  regencies?: string;
}

/** Lower-case letters and digits only: "Desa/Kel. Swarga-Bara " → "swargabara" after prefix removal. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A place name as typed, without an administrative prefix ("Desa", "Kel.", "Kelurahan", "Ds."). */
function normalizePlace(name: string): string {
  const stripped = name
    .trim()
    .replace(/^(?:desa|kelurahan|kel|ds|kampung|kecamatan|kec)\b\.?\s*/i, '')
    .trim();
  return normalizeName(stripped === '' ? name : stripped);
}

/** '64.08.04.2001', '6408042001', '64 08 04 2001' → '6408042001'; otherwise null. */
export function normalizeDesaCode(value: string): string | null {
  const trimmed = value.trim();
  if (!/^[\d.\s-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/[.\s-]/g, '');
  return /^\d{10}$/.test(digits) ? digits : null;
}

/** '64.08.04' / '640804' → '640804'; otherwise null. */
export function normalizeKecamatanCode(value: string): string | null {
  const trimmed = value.trim();
  if (!/^[\d.\s-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/[.\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

export class RegionDirectory {
  readonly regencyCode: string;
  readonly regencyName: string | undefined;
  private readonly desaByCodeMap = new Map<string, Desa>();
  private readonly desaByName = new Map<string, Desa[]>();
  private readonly kecamatanMap = new Map<string, Kecamatan>();
  private readonly kecamatanByName = new Map<string, Kecamatan>();
  /** Every kecamatan code of Indonesia as a 6-digit number (fast to look up for every row). */
  private readonly allKecamatan: ReadonlySet<number>;

  constructor(
    regencyCode: string,
    desa: readonly Desa[],
    kecamatan: readonly Kecamatan[],
    allKecamatanCodes: Iterable<string>,
    regencyName?: string,
  ) {
    this.regencyCode = regencyCode;
    this.regencyName = regencyName;
    for (const k of kecamatan) {
      this.kecamatanMap.set(k.code, k);
      this.kecamatanByName.set(normalizePlace(k.name), k);
    }
    for (const d of desa) {
      this.desaByCodeMap.set(d.code, d);
      const key = normalizePlace(d.name);
      const list = this.desaByName.get(key);
      if (list) list.push(d);
      else this.desaByName.set(key, [d]);
    }
    const all = new Set<number>();
    for (const code of allKecamatanCodes) all.add(Number(code));
    for (const k of kecamatan) all.add(Number(k.code));
    this.allKecamatan = all;
  }

  /** A desa of this regency by its 10-digit code, with or without dots. */
  desaByCode(code: string): Desa | undefined {
    const exact = this.desaByCodeMap.get(code);
    if (exact) return exact;
    const normalized = normalizeDesaCode(code);
    return normalized ? this.desaByCodeMap.get(normalized) : undefined;
  }

  /**
   * Desa of this regency whose name matches (case, spaces, punctuation and a "Desa"/"Kelurahan" prefix
   * ignored). Names can repeat across kecamatan: pass the kecamatan (code or name) to narrow them down.
   */
  findDesaByName(name: string, kecamatan?: string): Desa[] {
    const found = this.desaByName.get(normalizePlace(name)) ?? [];
    if (kecamatan === undefined || kecamatan.trim() === '') return found;
    const k = this.findKecamatan(kecamatan);
    return k ? found.filter((d) => d.kecamatan === k.code) : [];
  }

  /** A kecamatan of this regency by code (dotted or not) or name. */
  findKecamatan(value: string): Kecamatan | undefined {
    const code = normalizeKecamatanCode(value);
    if (code) return this.kecamatanMap.get(code);
    return this.kecamatanByName.get(normalizePlace(value));
  }

  /** The kecamatan a desa of this regency belongs to. */
  kecamatanOfDesa(desaCode: string): Kecamatan | undefined {
    const d = this.desaByCode(desaCode);
    return d ? this.kecamatanMap.get(d.kecamatan) : undefined;
  }

  /** Whether a 6-digit code (a NIK prefix) is a kecamatan anywhere in Indonesia. */
  isKnownKecamatan(prefix6: string | number): boolean {
    if (typeof prefix6 === 'number') return this.allKecamatan.has(prefix6);
    const digits = prefix6.replace(/\./g, '').slice(0, 6);
    return /^\d{6}$/.test(digits) && this.allKecamatan.has(Number(digits));
  }

  /** Every desa/kelurahan of the regency, in code order (templates, samples). */
  listDesa(): Desa[] {
    return [...this.desaByCodeMap.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  listKecamatan(): Kecamatan[] {
    return [...this.kecamatanMap.values()].sort((a, b) => a.code.localeCompare(b.code));
  }
}

/**
 * idn-area-data CSV lines: `code,parent,name`, no quoting (a few names contain a bare `"`, none a comma).
 * Calls `onRow` for each line whose code starts with `prefix` (dotted).
 */
function eachCsvRow(
  text: string,
  prefix: string,
  onRow: (code: string, parent: string, name: string) => void,
): void {
  let start = 0;
  const len = text.length;
  while (start < len) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = len;
    if (text.startsWith(prefix, start)) {
      const line = text.slice(start, end).replace(/\r$/, '');
      const a = line.indexOf(',');
      const b = line.indexOf(',', a + 1);
      if (a > 0 && b > a) onRow(line.slice(0, a), line.slice(a + 1, b), line.slice(b + 1).trim());
    }
    start = end + 1;
  }
}

/** '6408' → '64.08', '640804' → '64.08.04'. */
const dotted = (digits: string) => (digits.match(/^\d\d|\d\d(?=\d)|\d+$/g) ?? []).join('.');

/** Builds the directory of one regency (4 digits, e.g. '6408', or '64.08') from idn-area-data CSV text. */
export function buildRegionDirectory(regencyCode: string, csv: RegionCsvText): RegionDirectory {
  const code = regencyCode.replace(/\./g, '');
  if (!/^\d{4}$/.test(code)) throw new RangeError(`regency code must be 4 digits, got "${regencyCode}"`);
  const prefix = `${dotted(code)}.`;
  const kecamatan: Kecamatan[] = [];
  const all: string[] = [];
  eachCsvRow(csv.districts, '', (c, _parent, name) => {
    if (!/^\d{2}\.\d{2}\.\d{2}$/.test(c)) return; // header line
    const digits = c.replace(/\./g, '');
    all.push(digits);
    if (c.startsWith(prefix)) kecamatan.push({ code: digits, name });
  });
  const kecamatanNames = new Map(kecamatan.map((k) => [k.code, k.name]));
  const desa: Desa[] = [];
  eachCsvRow(csv.villages, prefix, (c, _parent, name) => {
    const digits = c.replace(/\./g, '');
    if (!/^\d{10}$/.test(digits)) return;
    const kec = digits.slice(0, 6);
    desa.push({
      code: digits,
      name,
      kecamatan: kec,
      kecamatanName: kecamatanNames.get(kec) ?? '',
      kind: digits[6] === '1' ? 'kelurahan' : 'desa',
    });
  });
  if (desa.length === 0)
    throw new RangeError(`no villages found for regency ${dotted(code)} in idn-area-data`);
  let regencyName: string | undefined;
  if (csv.regencies) eachCsvRow(csv.regencies, dotted(code), (_c, _p, name) => (regencyName ??= name));
  return new RegionDirectory(code, desa, kecamatan, all, regencyName);
}

export interface LoadRegionOptions {
  /** Folder with villages.csv, districts.csv (and regencies.csv). Default: LINDUNG_AREA_DATA_DIR or the package. */
  dataDir?: string;
}

/** Where idn-area-data's CSV files are on this machine. */
export function areaDataDir(): string {
  const fromEnv = process.env.LINDUNG_AREA_DATA_DIR;
  if (fromEnv) return fromEnv;
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('idn-area-data/package.json')), 'data');
}

const cache = new Map<string, Promise<RegionDirectory>>();

/** The directory of one regency, read once per process (and per data folder). */
export function loadRegionDirectory(
  regencyCode: string,
  options: LoadRegionOptions = {},
): Promise<RegionDirectory> {
  const dir = options.dataDir ?? areaDataDir();
  const key = `${dir}\n${regencyCode}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = (async () => {
      const [villages, districts, regencies] = await Promise.all([
        readFile(join(dir, 'villages.csv'), 'utf8'),
        readFile(join(dir, 'districts.csv'), 'utf8'),
        readFile(join(dir, 'regencies.csv'), 'utf8').catch(() => undefined),
      ]);
      return buildRegionDirectory(regencyCode, { villages, districts, ...(regencies ? { regencies } : {}) });
    })();
    loaded.catch(() => cache.delete(key));
    cache.set(key, loaded);
  }
  return loaded;
}
