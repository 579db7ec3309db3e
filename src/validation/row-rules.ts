/**
 * The row rules: one data row (cells in file order) → a valid WorkerRow with warnings, or the list of
 * issues that reject it. Every error of the row is reported, not only the first one.
 */
import { FIELDS, type FieldKey, type HeaderMatch } from './columns.ts';
import {
  ageOn,
  dateOrProblem,
  dateOrProblemOfText,
  formatDate,
  formatIso,
  parseIsoDate,
  readFixedDate,
  type Ymd,
} from './dates.ts';
import {
  type Cell,
  cellText,
  cleanText,
  isBlankCell,
  isPlainSimpleName,
  nameProblem,
  normalizePhone,
  type OccupationMatcher,
  occupationMatcher,
  parseGender,
} from './fields.ts';
import { type Message, rowMessages } from './messages.ts';
import {
  cleanNik,
  detectExcelMangling,
  maskNik,
  type NikFields,
  nikDateIsValid,
  numberToDigits,
} from './nik.ts';
import { NikIndex } from './nik-index.ts';
import { type Desa, normalizeDesaCode, type RegionDirectory } from './regions.ts';
import type {
  Employer,
  Gender,
  RowErrorCode,
  RowIssue,
  RowResult,
  Severity,
  Uploader,
  ValidationRules,
  WorkerRow,
} from './types.ts';

export interface ValidationContext {
  uploader: Uploader;
  rules: ValidationRules;
  regions: RegionDirectory;
}

const WARNING_CODES: ReadonlySet<RowErrorCode> = new Set(['NIK_UNKNOWN_REGION', 'INVALID_PHONE']);

export function severityOf(code: RowErrorCode): Severity {
  return WARNING_CODES.has(code) ? 'warning' : 'error';
}

/** "KABUPATEN KUTAI TIMUR" → "Kabupaten Kutai Timur". */
function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[\s(/-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** A leading desa code, also when followed by its name ("6408042001 - Swarga Bara", the template's list). */
const LEADING_DESA_CODE = /^(\d{2}[.\s]?\d{2}[.\s]?\d{2}[.\s]?\d{4})(?:\s*[-–:|]\s*\S.*|\s+\S.*)?$/;

/** Orders a row's issues by column position, keeping the rule order within a column. */
function sortByColumn(issues: RowIssue[], order: number[]): void {
  const indexed = issues.map((issue, i) => ({ issue, key: order[i] ?? 0, i }));
  indexed.sort((a, b) => a.key - b.key || a.i - b.i);
  for (let i = 0; i < indexed.length; i++) issues[i] = (indexed[i] as { issue: RowIssue }).issue;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Ten digits, no regular expression: the common desa cell. */
function isTenDigits(s: string): boolean {
  return s.length === 10 && isDigits(s, 0, 10);
}

/** True when s[from..to) are ASCII digits. */
function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const NO_COLUMN = -1;

/** The issues of a row without any: one frozen empty list shared by every such row (no array per row). */
const NO_ISSUES = Object.freeze([]) as unknown as RowIssue[];

/** The cell at a column index, undefined when the column is absent or the row is shorter. */
const at = (cells: readonly Cell[], index: number): Cell => (index === NO_COLUMN ? undefined : cells[index]);

type DesaLookup =
  | { kind: 'found'; desa: Desa }
  | { kind: 'outside'; code: string }
  | { kind: 'unknown' }
  | { kind: 'ambiguous'; matches: Desa[] };

/** A desa cell (code, dotted code, "code - name", or name) against the regency's directory. */
function resolveDesa(regions: RegionDirectory, text: string, kecamatanText: string): DesaLookup {
  const codeMatch = LEADING_DESA_CODE.exec(text);
  const code = codeMatch?.[1] ? normalizeDesaCode(codeMatch[1]) : null;
  if (code) {
    const desa = regions.desaByCode(code);
    if (desa) return { kind: 'found', desa };
    if (!code.startsWith(regions.regencyCode) && regions.isKnownKecamatan(code.slice(0, 6)))
      return { kind: 'outside', code };
    return { kind: 'unknown' };
  }
  const matches = regions.findDesaByName(text, kecamatanText === '' ? undefined : kecamatanText);
  if (matches.length === 1 && matches[0]) return { kind: 'found', desa: matches[0] };
  if (matches.length > 1) return { kind: 'ambiguous', matches };
  return { kind: 'unknown' };
}

/**
 * Validates the rows of one file; keeps only the NIK index between rows. Written for throughput (it runs
 * once per row of files up to a million rows): no closures per row, fast paths for common cell shapes,
 * messages and masks built only when an issue is reported.
 */
export class RowValidator {
  /**
   * Room for a million NIKs from the start: the table is zero-filled memory the system hands out page by page
   * as it is touched, so a small file costs no more, and a large one is never rehashed while it grows.
   */
  private readonly nikIndex = new NikIndex(1 << 20);
  private readonly occupations: OccupationMatcher;
  private readonly start: Ymd;
  private readonly startText: string;
  private readonly regencyLabel: string;
  /** A desa code of the regency, the example in messages. */
  private readonly exampleDesa: string;
  private readonly ownDesa: Desa | undefined;
  private readonly col: Record<FieldKey, number>;
  private readonly names: Record<FieldKey, string>;
  // Column indices as plain fields (NO_COLUMN when absent): read for every row, no keyed lookups.
  private readonly cTanggalLahir: number;
  private readonly cJenisKelamin: number;
  private readonly cNik: number;
  private readonly cNama: number;
  private readonly cPekerjaan: number;
  private readonly cNoHp: number;
  private readonly cDesa: number;
  private readonly cKecamatan: number;
  private readonly cNamaPemberiKerja: number;
  private readonly cNibPemberiKerja: number;
  private readonly cNamaProyek: number;
  // The row being validated.
  private row = 0;
  private issues: RowIssue[] | null = null;
  private order: number[] | null = null;
  private hasError = false;
  private readonly desaCache = new Map<string, DesaLookup>();
  private readonly scratch: NikFields = { kecamatan: 0, encodedDay: 0, day: 0, month: 0, yy: 0, gender: 'L' };
  /** The row's NIK as two 8-digit halves (digits 1–8, 9–16), set by readNik. */
  private nikHi = 0;
  private nikLo = 0;
  /** The regency's desa by the last 6 digits of their code (the first 4 are the regency's). */
  private readonly desaBySuffix = new Map<number, Desa>();
  private readonly regencyNumber: number;
  /** The row's birth date when read by readFixedDate (rows do not keep it). */
  private readonly birthScratch: Ymd = { year: 0, month: 0, day: 0 };
  /** YYYY-MM-DD of the days of 1900–2099, built once each. */
  private readonly isoCache: string[] = new Array<string>(200 * 13 * 32).fill('');

  constructor(
    header: HeaderMatch,
    private readonly ctx: ValidationContext,
    /** The workbook counts date serials from 1904. */
    private readonly sheet: { date1904: boolean } = { date1904: false },
  ) {
    this.col = {} as Record<FieldKey, number>;
    this.names = {} as Record<FieldKey, string>;
    for (const key of Object.keys(FIELDS) as FieldKey[]) {
      const index = header.columns[key];
      this.col[key] = index ?? NO_COLUMN;
      const written = index === undefined ? '' : (header.headers[index] ?? '');
      this.names[key] = written === '' ? FIELDS[key].label : written;
    }
    this.cTanggalLahir = this.col.tanggalLahir;
    this.cJenisKelamin = this.col.jenisKelamin;
    this.cNik = this.col.nik;
    this.cNama = this.col.nama;
    this.cPekerjaan = this.col.pekerjaan;
    this.cNoHp = this.col.noHp;
    this.cDesa = this.col.desa;
    this.cKecamatan = this.col.kecamatan;
    this.cNamaPemberiKerja = this.col.namaPemberiKerja;
    this.cNibPemberiKerja = this.col.nibPemberiKerja;
    this.cNamaProyek = this.col.namaProyek;
    this.occupations = occupationMatcher(ctx.rules.excludedOccupations);
    const start = parseIsoDate(ctx.rules.programmeStart);
    if (!start) throw new RangeError(`programmeStart must be YYYY-MM-DD, got "${ctx.rules.programmeStart}"`);
    this.start = start;
    this.startText = formatDate(start, 'dd-mm-yyyy');
    this.regencyLabel = ctx.regions.regencyName
      ? titleCase(ctx.regions.regencyName)
      : `kabupaten ${ctx.regions.regencyCode}`;
    this.exampleDesa = ctx.regions.listDesa()[0]?.code ?? `${ctx.regions.regencyCode}…`;
    this.ownDesa = ctx.uploader.kind === 'desa' ? ctx.regions.desaByCode(ctx.uploader.desa) : undefined;
    const regency = ctx.regions.regencyCode;
    this.regencyNumber = regency.length === 4 && isDigits(regency, 0, 4) ? Number(regency) : -1;
    if (this.regencyNumber >= 0) {
      for (const d of ctx.regions.listDesa()) {
        if (isTenDigits(d.code) && d.code.startsWith(regency))
          this.desaBySuffix.set(Number(d.code.slice(4)), d);
      }
    }
  }

  /**
   * The regency's desa named by a cell holding exactly its code, 10 digits or dotted as 64.08.04.2001
   * (what cleanText leaves as it is, and what the code lookup resolves to that desa); undefined otherwise.
   */
  private desaOfCodeText(s: string): Desa | undefined {
    let digits: number;
    if (s.length === 10) {
      digits = 0;
      for (let i = 0; i < 10; i++) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return undefined;
        digits = digits * 10 + d;
      }
    } else if (
      s.length === 13 &&
      s.charCodeAt(2) === 46 &&
      s.charCodeAt(5) === 46 &&
      s.charCodeAt(8) === 46
    ) {
      digits = 0;
      for (let i = 0; i < 13; i++) {
        if (i === 2 || i === 5 || i === 8) continue;
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return undefined;
        digits = digits * 10 + d;
      }
    } else return undefined;
    const suffix = digits % 1_000_000;
    if ((digits - suffix) / 1_000_000 !== this.regencyNumber) return undefined;
    return this.desaBySuffix.get(suffix);
  }

  /** `regions.desaByCode(text)` for a 10-digit text, without hashing the string for the regency's own codes. */
  private desaOfTenDigits(text: string): Desa | undefined {
    return this.desaOfCodeText(text) ?? this.ctx.regions.desaByCode(text);
  }

  /** True when `s` is 16 ASCII digits; then nikHi / nikLo hold its halves. */
  private readNik(s: string): boolean {
    if (s.length !== 16) return false;
    let hi = 0;
    for (let k = 0; k < 8; k++) {
      const d = s.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return false;
      hi = hi * 10 + d;
    }
    let lo = 0;
    for (let k = 8; k < 16; k++) {
      const d = s.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return false;
      lo = lo * 10 + d;
    }
    this.nikHi = hi;
    this.nikLo = lo;
    return true;
  }

  /** {@link formatIso}, each day of 1900–2099 formatted once. */
  private isoOf(d: Ymd): string {
    const y = d.year - 1900;
    if (y < 0 || y >= 200) return formatIso(d);
    const i = (y * 13 + d.month) * 32 + d.day;
    const cached = this.isoCache[i] as string;
    if (cached !== '') return cached;
    const text = formatIso(d);
    this.isoCache[i] = text;
    return text;
  }

  private add(key: FieldKey, code: RowErrorCode, value: string, message: Message): void {
    const severity = severityOf(code);
    if (severity === 'error') this.hasError = true;
    this.issues ??= [];
    this.order ??= [];
    this.order.push(this.col[key] === NO_COLUMN ? Number.MAX_SAFE_INTEGER : this.col[key]);
    this.issues.push({
      row: this.row,
      column: this.names[key],
      code,
      severity,
      value,
      message: message.id,
      messageEn: message.en,
    });
  }

  validate(row: number, cells: readonly Cell[]): RowResult {
    this.row = row;
    this.issues = null;
    this.order = null;
    this.hasError = false;
    const names = this.names;

    // Birth date first: the NIK checks need its century.
    const birthCell = at(cells, this.cTanggalLahir);
    const birthText = cellText(birthCell);
    let birth: Ymd | undefined;
    if (birthText === '') {
      this.add('tanggalLahir', 'MISSING_FIELD', '', rowMessages.missingField(names.tanggalLahir));
    } else {
      const fast = typeof birthCell === 'string' ? readFixedDate(birthText, this.birthScratch) : 0;
      const parsed =
        fast === 1
          ? this.birthScratch
          : fast === -1
            ? 'impossible'
            : typeof birthCell === 'string'
              ? dateOrProblemOfText(birthText)
              : dateOrProblem(birthCell, this.sheet.date1904);
      if (typeof parsed !== 'string') birth = parsed;
      else {
        this.add(
          'tanggalLahir',
          'INVALID_DATE',
          birthText,
          rowMessages.invalidDate(birthText, names.tanggalLahir, parsed),
        );
      }
    }

    const genderText = cellText(at(cells, this.cJenisKelamin));
    let gender: Gender | undefined;
    if (genderText === '') {
      this.add('jenisKelamin', 'MISSING_FIELD', '', rowMessages.missingField(names.jenisKelamin));
    } else {
      gender = parseGender(genderText);
      if (!gender) {
        this.add(
          'jenisKelamin',
          'INVALID_GENDER',
          genderText,
          rowMessages.invalidGender(genderText, names.jenisKelamin),
        );
      }
    }

    const nik = this.checkNik(at(cells, this.cNik), birth, gender, genderText);

    const nameCell = at(cells, this.cNama);
    // A plain simple name (the common case) is its own clean text and has no problem.
    const plainName = typeof nameCell === 'string' && isPlainSimpleName(nameCell);
    const nameText = plainName ? (nameCell as string) : cleanText(nameCell);
    if (plainName) {
      // nothing to report
    } else if (nameText === '') this.add('nama', 'MISSING_FIELD', '', rowMessages.missingField(names.nama));
    else {
      const problem = nameProblem(nameText);
      if (problem) this.add('nama', 'INVALID_NAME', nameText, rowMessages.invalidName(nameText, problem));
    }

    if (birth) {
      const age = ageOn(birth, this.start);
      const { minAge, maxAge } = this.ctx.rules;
      if (age < minAge || age > maxAge) {
        this.add(
          'tanggalLahir',
          'AGE_OUT_OF_RANGE',
          birthText,
          rowMessages.ageOutOfRange(age, this.startText, minAge, maxAge),
        );
      }
    }

    const desa = this.checkDesa(cells);

    const occupation = cleanText(at(cells, this.cPekerjaan));
    if (occupation === '') {
      this.add('pekerjaan', 'MISSING_FIELD', '', rowMessages.missingField(names.pekerjaan));
    } else {
      const group = this.occupations.excludedGroup(occupation);
      if (group) {
        this.add(
          'pekerjaan',
          'INELIGIBLE_OCCUPATION',
          occupation,
          rowMessages.ineligibleOccupation(occupation, group),
        );
      }
    }

    let phone: string | undefined;
    const phoneCell = at(cells, this.cNoHp);
    const phoneText = typeof phoneCell === 'number' ? numberToDigits(phoneCell) : cellText(phoneCell);
    if (phoneText !== '') {
      phone = normalizePhone(phoneText);
      if (!phone) this.add('noHp', 'INVALID_PHONE', phoneText, rowMessages.invalidPhone(phoneText));
    }

    const issues = this.issues ?? NO_ISSUES;
    if (issues.length > 1 && this.order) sortByColumn(issues, this.order);
    if (this.hasError || !nik || !birth || !gender || !desa) return { kind: 'rejected', row, issues };

    // One literal per shape (with or without phone): no property added after creation.
    const birthDate = this.isoOf(birth);
    const worker: WorkerRow = phone
      ? {
          row,
          nik,
          name: nameText,
          birthDate,
          gender,
          desa: desa.code,
          kecamatan: desa.kecamatan,
          occupation,
          phone,
        }
      : {
          row,
          nik,
          name: nameText,
          birthDate,
          gender,
          desa: desa.code,
          kecamatan: desa.kecamatan,
          occupation,
        };
    const employer = this.employer(cells);
    if (employer) worker.employer = employer;
    return { kind: 'valid', worker, warnings: issues };
  }

  /** Returns the 16-digit NIK when its format is right (other NIK issues may still reject the row). */
  private checkNik(
    cell: Cell,
    birth: Ymd | undefined,
    gender: Gender | undefined,
    genderText: string,
  ): string | undefined {
    let nik: string;
    if (typeof cell === 'string' && this.readNik(cell)) {
      // The common case: a clean 16-digit text cell.
      nik = cell;
      if (this.nikLo % 10000 === 0) {
        const masked = maskNik(nik);
        this.add('nik', 'NIK_EXCEL_MANGLED', masked, rowMessages.nikExcelMangled(masked));
        return undefined;
      }
    } else {
      const text = typeof cell === 'number' ? numberToDigits(cell) : cellText(cell);
      if (text === '') {
        this.add('nik', 'MISSING_FIELD', '', rowMessages.missingField(this.names.nik));
        return undefined;
      }
      if (detectExcelMangling(typeof cell === 'number' ? cell : text)) {
        const masked = maskNik(text);
        this.add('nik', 'NIK_EXCEL_MANGLED', masked, rowMessages.nikExcelMangled(masked));
        return undefined;
      }
      nik = cleanNik(text);
      if (!this.readNik(nik)) {
        const masked = maskNik(text);
        const digits = nik.replace(/\D/g, '').length;
        this.add('nik', 'NIK_FORMAT', masked, rowMessages.nikFormat(masked, digits, digits !== nik.length));
        return undefined;
      }
    }
    this.checkNikParts(nik, birth, gender, genderText);
    return nik;
  }

  /** Duplicates, region, date and gender of a 16-digit NIK. */
  private checkNikParts(
    nik: string,
    birth: Ymd | undefined,
    gender: Gender | undefined,
    genderText: string,
  ): void {
    const names = this.names;
    const hi = this.nikHi;
    const lo = this.nikLo;
    const first = this.nikIndex.firstRowOfHalves(hi, lo, this.row);
    if (first !== undefined) {
      const masked = maskNik(nik);
      this.add('nik', 'DUPLICATE_IN_FILE', masked, rowMessages.duplicateInFile(masked, first));
    }
    // nikFields(nik) from the halves: hi = PPKKCCDD, lo = MMYYSSSS.
    const decoded = this.scratch;
    const encodedDay = hi % 100;
    const female = encodedDay > 40;
    decoded.kecamatan = (hi - encodedDay) / 100;
    decoded.encodedDay = encodedDay;
    decoded.day = female ? encodedDay - 40 : encodedDay;
    decoded.month = Math.floor(lo / 1_000_000);
    decoded.yy = Math.floor(lo / 10_000) % 100;
    decoded.gender = female ? 'P' : 'L';
    if (!this.ctx.regions.isKnownKecamatan(decoded.kecamatan)) {
      const masked = maskNik(nik);
      this.add('nik', 'NIK_UNKNOWN_REGION', masked, rowMessages.nikUnknownRegion(masked));
    }
    if (!nikDateIsValid(decoded, birth?.year)) {
      const masked = maskNik(nik);
      this.add(
        'nik',
        'NIK_INVALID_DATE',
        masked,
        rowMessages.nikInvalidDate(masked, decoded.encodedDay, decoded.month),
      );
    } else if (
      birth &&
      (birth.day !== decoded.day || birth.month !== decoded.month || birth.year % 100 !== decoded.yy)
    ) {
      const masked = maskNik(nik);
      const nikDate = `${pad2(decoded.day)}-${pad2(decoded.month)}-${pad2(decoded.yy)}`;
      this.add(
        'nik',
        'NIK_BIRTHDATE_MISMATCH',
        masked,
        rowMessages.nikBirthdateMismatch(
          masked,
          nikDate,
          formatDate(birth, 'dd-mm-yyyy'),
          names.tanggalLahir,
        ),
      );
    }
    const day = decoded.encodedDay;
    const dayPlausible = (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
    if (gender && dayPlausible && gender !== decoded.gender) {
      const masked = maskNik(nik);
      this.add(
        'nik',
        'NIK_GENDER_MISMATCH',
        masked,
        rowMessages.nikGenderMismatch(masked, decoded.gender, genderText, names.jenisKelamin),
      );
    }
  }

  private checkDesa(cells: readonly Cell[]): Desa | undefined {
    const desaCell = at(cells, this.cDesa);
    if (typeof desaCell === 'string') {
      // The common cells, "6408042001" or "64.08.04.2001", of one of the regency's desa.
      const known = this.desaOfCodeText(desaCell);
      if (known) return this.desaOfUploader(known, desaCell);
    }
    const { uploader } = this.ctx;
    const text = typeof desaCell === 'number' ? numberToDigits(desaCell) : cleanText(desaCell);
    if (text === '') {
      if (uploader.kind === 'desa') {
        if (this.ownDesa) return this.ownDesa;
        this.add(
          'desa',
          'UNKNOWN_DESA',
          uploader.desa,
          rowMessages.unknownDesa(uploader.desa, this.regencyLabel, this.exampleDesa),
        );
        return undefined;
      }
      this.add(
        'desa',
        'MISSING_FIELD',
        '',
        rowMessages.missingDesaForAgency(this.names.desa, this.exampleDesa),
      );
      return undefined;
    }

    let lookup: DesaLookup;
    const exact = isTenDigits(text) ? this.desaOfTenDigits(text) : undefined;
    if (exact) lookup = { kind: 'found', desa: exact };
    else {
      const kecamatanText = this.cKecamatan === NO_COLUMN ? '' : cleanText(at(cells, this.cKecamatan));
      lookup = this.lookupDesa(text, kecamatanText);
    }
    let found: Desa | undefined;
    switch (lookup.kind) {
      case 'found':
        found = lookup.desa;
        break;
      case 'outside':
        this.add(
          'desa',
          'DESA_OUTSIDE_AGENCY',
          text,
          rowMessages.desaOutsideRegency(lookup.code, this.regencyLabel),
        );
        return undefined;
      case 'ambiguous': {
        const own = this.ownDesa;
        found = own && lookup.matches.find((d) => d.code === own.code);
        if (!found) {
          const names = lookup.matches.map((d) => d.kecamatanName);
          this.add('desa', 'UNKNOWN_DESA', text, rowMessages.ambiguousDesa(text, names));
          return undefined;
        }
        break;
      }
      default:
        this.add(
          'desa',
          'UNKNOWN_DESA',
          text,
          rowMessages.unknownDesa(text, this.regencyLabel, this.exampleDesa),
        );
        return undefined;
    }
    if (!found) return undefined;
    return this.desaOfUploader(found, text);
  }

  /** The desa found for the row, unless a desa upload names another desa (DESA_OUTSIDE_AGENCY). */
  private desaOfUploader(found: Desa, text: string): Desa | undefined {
    const { uploader } = this.ctx;
    if (uploader.kind === 'desa' && found.code !== uploader.desa) {
      const own = this.ownDesa ? `${this.ownDesa.name} (${this.ownDesa.code})` : uploader.desa;
      this.add(
        'desa',
        'DESA_OUTSIDE_AGENCY',
        text,
        rowMessages.desaOfOtherVillage(`${found.name} (${found.code})`, own),
      );
      return undefined;
    }
    return found;
  }

  /** Desa texts repeat (a regency has ~100–300 desa): resolve each distinct text once. */
  private lookupDesa(text: string, kecamatanText: string): DesaLookup {
    const key = kecamatanText === '' ? text : `${text}\u0000${kecamatanText}`;
    const cached = this.desaCache.get(key);
    if (cached) return cached;
    const lookup = resolveDesa(this.ctx.regions, text, kecamatanText);
    if (this.desaCache.size >= 10_000) this.desaCache.clear();
    this.desaCache.set(key, lookup);
    return lookup;
  }

  private employer(cells: readonly Cell[]): Employer | undefined {
    const nameCell = at(cells, this.cNamaPemberiKerja);
    const nibCell = at(cells, this.cNibPemberiKerja);
    if (isBlankCell(nameCell) && isBlankCell(nibCell)) return undefined;
    const name = cleanText(nameCell);
    const nib = (typeof nibCell === 'number' ? numberToDigits(nibCell) : cellText(nibCell)).replace(
      /[\s.]/g,
      '',
    );
    if (name === '' && nib === '') return undefined;
    const employer: Employer = {};
    if (name !== '') employer.name = name;
    if (nib !== '') employer.nib = nib;
    const project = cleanText(at(cells, this.cNamaProyek));
    if (project !== '') employer.project = project;
    return employer;
  }
}
