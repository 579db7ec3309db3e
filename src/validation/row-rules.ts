/**
 * The row rules: one data row (cells in file order) → a valid WorkerRow with warnings, or the list of
 * issues that reject it. Every error of the row is reported, not only the first one.
 */
import { FIELDS, type FieldKey, type HeaderMatch } from './columns.ts';
import { ageOn, formatDate, formatIso, parseDateValue, parseIsoDate, type Ymd } from './dates.ts';
import {
  type Cell,
  cellText,
  nameProblem,
  normalizePhone,
  normalizeSpaces,
  type OccupationMatcher,
  occupationMatcher,
  parseGender,
} from './fields.ts';
import { type Message, rowMessages } from './messages.ts';
import { cleanNik, decodeNik, detectExcelMangling, maskNik, nikDateIsValid, numberToDigits } from './nik.ts';
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

/** Validates the rows of one file; keeps only the NIK index between rows. */
export class RowValidator {
  private readonly nikIndex = new NikIndex(4096);
  private readonly occupations: OccupationMatcher;
  private readonly start: Ymd;
  private readonly regencyLabel: string;
  private readonly ownDesa: Desa | undefined;
  private readonly col: Partial<Record<FieldKey, number>>;
  private readonly names: Record<FieldKey, string>;

  constructor(
    header: HeaderMatch,
    private readonly ctx: ValidationContext,
  ) {
    this.col = header.columns;
    this.names = {} as Record<FieldKey, string>;
    for (const key of Object.keys(FIELDS) as FieldKey[]) {
      const index = header.columns[key];
      const written = index === undefined ? '' : (header.headers[index] ?? '');
      this.names[key] = written === '' ? FIELDS[key].label : written;
    }
    this.occupations = occupationMatcher(ctx.rules.excludedOccupations);
    const start = parseIsoDate(ctx.rules.programmeStart);
    if (!start) throw new RangeError(`programmeStart must be YYYY-MM-DD, got "${ctx.rules.programmeStart}"`);
    this.start = start;
    this.regencyLabel = ctx.regions.regencyName
      ? titleCase(ctx.regions.regencyName)
      : `kabupaten ${ctx.regions.regencyCode}`;
    this.ownDesa = ctx.uploader.kind === 'desa' ? ctx.regions.desaByCode(ctx.uploader.desa) : undefined;
  }

  private cell(cells: readonly Cell[], key: FieldKey): Cell {
    const index = this.col[key];
    return index === undefined ? undefined : cells[index];
  }

  validate(row: number, cells: readonly Cell[]): RowResult {
    const issues: RowIssue[] = [];
    const order: number[] = [];
    const add = (key: FieldKey, code: RowErrorCode, value: string, message: Message) => {
      order.push(this.col[key] ?? Number.MAX_SAFE_INTEGER);
      issues.push({
        row,
        column: this.names[key],
        code,
        severity: severityOf(code),
        value,
        message: message.id,
        messageEn: message.en,
      });
    };

    // Birth date first: the NIK checks need its century.
    const birthCell = this.cell(cells, 'tanggalLahir');
    const birthText = cellText(birthCell);
    let birth: Ymd | undefined;
    if (birthText === '') {
      add('tanggalLahir', 'MISSING_FIELD', '', rowMessages.missingField(this.names.tanggalLahir));
    } else {
      const parsed = parseDateValue(typeof birthCell === 'string' ? birthText : birthCell);
      if (parsed.ok) birth = parsed.date;
      else {
        add(
          'tanggalLahir',
          'INVALID_DATE',
          birthText,
          rowMessages.invalidDate(birthText, this.names.tanggalLahir, parsed.problem),
        );
      }
    }

    const genderText = cellText(this.cell(cells, 'jenisKelamin'));
    let gender: Gender | undefined;
    if (genderText === '') {
      add('jenisKelamin', 'MISSING_FIELD', '', rowMessages.missingField(this.names.jenisKelamin));
    } else {
      gender = parseGender(genderText);
      if (!gender) {
        add(
          'jenisKelamin',
          'INVALID_GENDER',
          genderText,
          rowMessages.invalidGender(genderText, this.names.jenisKelamin),
        );
      }
    }

    const nik = this.checkNik(row, this.cell(cells, 'nik'), birth, gender, genderText, add);

    const nameText = normalizeSpaces(cellText(this.cell(cells, 'nama')));
    if (nameText === '') add('nama', 'MISSING_FIELD', '', rowMessages.missingField(this.names.nama));
    else {
      const problem = nameProblem(nameText);
      if (problem) add('nama', 'INVALID_NAME', nameText, rowMessages.invalidName(nameText, problem));
    }

    if (birth) {
      const age = ageOn(birth, this.start);
      const { minAge, maxAge } = this.ctx.rules;
      if (age < minAge || age > maxAge) {
        add(
          'tanggalLahir',
          'AGE_OUT_OF_RANGE',
          birthText,
          rowMessages.ageOutOfRange(age, formatDate(this.start, 'dd-mm-yyyy'), minAge, maxAge),
        );
      }
    }

    const desa = this.checkDesa(cells, add);

    const occupation = normalizeSpaces(cellText(this.cell(cells, 'pekerjaan')));
    if (occupation === '') {
      add('pekerjaan', 'MISSING_FIELD', '', rowMessages.missingField(this.names.pekerjaan));
    } else {
      const group = this.occupations.excludedGroup(occupation);
      if (group)
        add(
          'pekerjaan',
          'INELIGIBLE_OCCUPATION',
          occupation,
          rowMessages.ineligibleOccupation(occupation, group),
        );
    }

    let phone: string | undefined;
    const phoneCell = this.cell(cells, 'noHp');
    const phoneText = typeof phoneCell === 'number' ? numberToDigits(phoneCell) : cellText(phoneCell);
    if (phoneText !== '') {
      phone = normalizePhone(phoneText);
      if (!phone) add('noHp', 'INVALID_PHONE', phoneText, rowMessages.invalidPhone(phoneText));
    }

    if (issues.length > 1) sortByColumn(issues, order);
    const rejected = issues.some((i) => i.severity === 'error');
    if (rejected || !nik || !birth || !gender || !desa) {
      return { kind: 'rejected', row, issues };
    }

    const worker: WorkerRow = {
      row,
      nik,
      name: nameText,
      birthDate: formatIso(birth),
      gender,
      desa: desa.code,
      kecamatan: desa.kecamatan,
      occupation,
    };
    if (phone) worker.phone = phone;
    const employer = this.employer(cells);
    if (employer) worker.employer = employer;
    return { kind: 'valid', worker, warnings: issues };
  }

  /** Returns the 16-digit NIK when its format is right (other NIK issues may still reject the row). */
  private checkNik(
    row: number,
    cell: Cell,
    birth: Ymd | undefined,
    gender: Gender | undefined,
    genderText: string,
    add: (key: FieldKey, code: RowErrorCode, value: string, message: Message) => void,
  ): string | undefined {
    const names = this.names;
    const text = typeof cell === 'number' ? numberToDigits(cell) : cellText(cell);
    if (text === '') {
      add('nik', 'MISSING_FIELD', '', rowMessages.missingField(names.nik));
      return undefined;
    }
    if (detectExcelMangling(typeof cell === 'number' ? cell : text)) {
      const masked = maskNik(text);
      add('nik', 'NIK_EXCEL_MANGLED', masked, rowMessages.nikExcelMangled(masked));
      return undefined;
    }
    const nik = cleanNik(text);
    const decoded = decodeNik(nik);
    if (!decoded) {
      const masked = maskNik(text);
      const digits = nik.replace(/\D/g, '').length;
      add('nik', 'NIK_FORMAT', masked, rowMessages.nikFormat(masked, digits, digits !== nik.length));
      return undefined;
    }
    const masked = maskNik(nik);

    const first = this.nikIndex.firstRowOf(nik, row);
    if (first !== undefined)
      add('nik', 'DUPLICATE_IN_FILE', masked, rowMessages.duplicateInFile(masked, first));

    if (!this.ctx.regions.isKnownKecamatan(decoded.kecamatan)) {
      add('nik', 'NIK_UNKNOWN_REGION', masked, rowMessages.nikUnknownRegion(masked));
    }

    const dateOk = nikDateIsValid(decoded, birth?.year);
    if (!dateOk) {
      add(
        'nik',
        'NIK_INVALID_DATE',
        masked,
        rowMessages.nikInvalidDate(masked, decoded.encodedDay, decoded.month),
      );
    } else if (
      birth &&
      (birth.day !== decoded.day || birth.month !== decoded.month || birth.year % 100 !== decoded.yy)
    ) {
      const nikDate = `${String(decoded.day).padStart(2, '0')}-${String(decoded.month).padStart(2, '0')}-${String(decoded.yy).padStart(2, '0')}`;
      add(
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
    const dayPlausible =
      decoded.encodedDay >= 1 &&
      decoded.encodedDay <= 71 &&
      !(decoded.encodedDay > 31 && decoded.encodedDay < 41);
    if (gender && dayPlausible && gender !== decoded.gender) {
      add(
        'nik',
        'NIK_GENDER_MISMATCH',
        masked,
        rowMessages.nikGenderMismatch(masked, decoded.gender, genderText, names.jenisKelamin),
      );
    }
    return nik;
  }

  private checkDesa(
    cells: readonly Cell[],
    add: (key: FieldKey, code: RowErrorCode, value: string, message: Message) => void,
  ): Desa | undefined {
    const { uploader, regions } = this.ctx;
    const desaCell = this.cell(cells, 'desa');
    const text =
      typeof desaCell === 'number' ? numberToDigits(desaCell) : normalizeSpaces(cellText(desaCell));
    if (text === '') {
      if (uploader.kind === 'desa') {
        if (this.ownDesa) return this.ownDesa;
        add('desa', 'UNKNOWN_DESA', uploader.desa, rowMessages.unknownDesa(uploader.desa, this.regencyLabel));
        return undefined;
      }
      add('desa', 'MISSING_FIELD', '', rowMessages.missingDesaForAgency(this.names.desa));
      return undefined;
    }

    let found: Desa | undefined;
    const codeMatch = LEADING_DESA_CODE.exec(text);
    const code = codeMatch?.[1] ? normalizeDesaCode(codeMatch[1]) : null;
    if (code) {
      found = regions.desaByCode(code);
      if (!found) {
        if (!code.startsWith(regions.regencyCode) && regions.isKnownKecamatan(code.slice(0, 6))) {
          add('desa', 'DESA_OUTSIDE_AGENCY', text, rowMessages.desaOutsideRegency(code, this.regencyLabel));
        } else {
          add('desa', 'UNKNOWN_DESA', text, rowMessages.unknownDesa(text, this.regencyLabel));
        }
        return undefined;
      }
    } else {
      const kecamatanText = normalizeSpaces(cellText(this.cell(cells, 'kecamatan')));
      const matches = regions.findDesaByName(text, kecamatanText === '' ? undefined : kecamatanText);
      if (matches.length === 1) found = matches[0];
      else if (matches.length > 1) {
        found = this.ownDesa && matches.find((d) => d.code === this.ownDesa?.code);
        if (!found) {
          add(
            'desa',
            'UNKNOWN_DESA',
            text,
            rowMessages.ambiguousDesa(
              text,
              matches.map((d) => d.kecamatanName),
            ),
          );
          return undefined;
        }
      } else {
        add('desa', 'UNKNOWN_DESA', text, rowMessages.unknownDesa(text, this.regencyLabel));
        return undefined;
      }
    }
    if (!found) return undefined;
    if (uploader.kind === 'desa' && found.code !== uploader.desa) {
      const own = this.ownDesa ? `${this.ownDesa.name} (${this.ownDesa.code})` : uploader.desa;
      add(
        'desa',
        'DESA_OUTSIDE_AGENCY',
        text,
        rowMessages.desaOfOtherVillage(`${found.name} (${found.code})`, own),
      );
      return undefined;
    }
    return found;
  }

  private employer(cells: readonly Cell[]): Employer | undefined {
    const name = normalizeSpaces(cellText(this.cell(cells, 'namaPemberiKerja')));
    const nibCell = this.cell(cells, 'nibPemberiKerja');
    const nib = (typeof nibCell === 'number' ? numberToDigits(nibCell) : cellText(nibCell)).replace(
      /[\s.]/g,
      '',
    );
    if (name === '' && nib === '') return undefined;
    const employer: Employer = {};
    if (name !== '') employer.name = name;
    if (nib !== '') employer.nib = nib;
    const project = normalizeSpaces(cellText(this.cell(cells, 'namaProyek')));
    if (project !== '') employer.project = project;
    return employer;
  }
}
