/**
 * The row rules: one data row (cells in file order) → a valid WorkerRow with warnings, or the list of
 * issues that reject it. Every error of the row is reported, not only the first one. Birth date, gender,
 * name, age, occupation, phone and employer are checked here; the NIK in nik-rule.ts, the desa in
 * desa-rule.ts (each reports through {@link RowValidator.add}).
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
import { DesaRule } from './desa-rule.ts';
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
import { cellAt as at, type IssueSink, NO_COLUMN } from './issue-sink.ts';
import { type Message, rowMessages } from './messages.ts';
import { numberToDigits } from './nik.ts';
import { NikRule } from './nik-rule.ts';
import type { RegionDirectory } from './regions.ts';
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

/** Orders a row's issues by column position, keeping the rule order within a column. */
function sortByColumn(issues: RowIssue[], order: number[]): void {
  const indexed = issues.map((issue, i) => ({ issue, key: order[i] ?? 0, i }));
  indexed.sort((a, b) => a.key - b.key || a.i - b.i);
  for (let i = 0; i < indexed.length; i++) issues[i] = (indexed[i] as { issue: RowIssue }).issue;
}

/** The issues of a row without any: one frozen empty list shared by every such row (no array per row). */
const NO_ISSUES = Object.freeze([]) as unknown as RowIssue[];

/**
 * Validates the rows of one file; keeps only the NIK index and the desa lookups between rows. Written for throughput (it runs
 * once per row of files up to a million rows): no closures per row, fast paths for common cell shapes,
 * messages and masks built only when an issue is reported.
 */
export class RowValidator implements IssueSink {
  private readonly occupations: OccupationMatcher;
  private readonly start: Ymd;
  private readonly startText: string;
  private readonly nik: NikRule;
  private readonly desa: DesaRule;
  private readonly col: Record<FieldKey, number>;
  private readonly names: Record<FieldKey, string>;
  // Column indices as plain fields (NO_COLUMN when absent): read for every row, no keyed lookups.
  private readonly cTanggalLahir: number;
  private readonly cJenisKelamin: number;
  private readonly cNik: number;
  private readonly cNama: number;
  private readonly cPekerjaan: number;
  private readonly cNoHp: number;
  private readonly cNamaPemberiKerja: number;
  private readonly cNibPemberiKerja: number;
  private readonly cNamaProyek: number;
  // The row being validated.
  private row = 0;
  private issues: RowIssue[] | null = null;
  private order: number[] | null = null;
  private hasError = false;
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
    this.cNamaPemberiKerja = this.col.namaPemberiKerja;
    this.cNibPemberiKerja = this.col.nibPemberiKerja;
    this.cNamaProyek = this.col.namaProyek;
    this.occupations = occupationMatcher(ctx.rules.excludedOccupations);
    const start = parseIsoDate(ctx.rules.programmeStart);
    if (!start) throw new RangeError(`programmeStart must be YYYY-MM-DD, got "${ctx.rules.programmeStart}"`);
    this.start = start;
    this.startText = formatDate(start, 'dd-mm-yyyy');
    this.nik = new NikRule(ctx.regions, this.names, this);
    this.desa = new DesaRule(
      ctx.regions,
      ctx.uploader,
      { desa: this.col.desa, kecamatan: this.col.kecamatan, desaName: this.names.desa },
      this,
    );
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

  /** Records an issue of the current row (the field rules call it too). */
  add(key: FieldKey, code: RowErrorCode, value: string, message: Message): void {
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

  /**
   * Reads ahead in a batch of rows about to be validated in order (`validate(…, i)` for row `i`): the NIK
   * rule fetches their duplicate-index slots together (see {@link NikRule.prepare}).
   */
  prepare(rows: readonly (readonly Cell[])[]): void {
    if (this.cNik !== NO_COLUMN) this.nik.prepare(rows, this.cNik);
  }

  /** Validates one row; `prepared`: its index in the batch last given to {@link prepare}, or -1. */
  validate(row: number, cells: readonly Cell[], prepared = -1): RowResult {
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

    const nik = this.nik.check(at(cells, this.cNik), row, birth, gender, genderText, prepared);

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

    const desa = this.desa.check(cells);

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
