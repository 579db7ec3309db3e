/**
 * The employer registry file from Disnakertrans (CSV or XLSX): NIB, name, e-mail, address, type (company or
 * construction project), project name, project owner. Same file rules as worker lists: the header is found
 * by content anywhere in the first rows, file problems are FileErrors (whole file refused), row problems
 * are reported per row with the Excel row number, in Bahasa Indonesia with English alongside.
 */
import { normalizeHeader } from '../validation/columns.ts';
import { readCsvRows } from '../validation/csv-reader.ts';
import { type Cell, cellText, isBlankCell } from '../validation/fields.ts';
import { fileErrors } from '../validation/messages.ts';
import type { FileErrorCode, Severity } from '../validation/types.ts';
import { fileKindOf, limitBytes } from '../validation/validate-rows.ts';
import { readXlsxRows } from '../validation/xlsx-reader.ts';
import type { EmployerProject, EmployerType } from './model.ts';
import { employerKeyFor, normalizeEmployerName, normalizeNib } from './names.ts';
import type { RegistryEmployer } from './ports.ts';

export const REGISTRY_FIELDS = {
  nib: { label: 'NIB', aliases: ['NIB', 'Nomor Induk Berusaha', 'No NIB', 'No. NIB', 'NIB Perusahaan'] },
  name: {
    label: 'Nama Pemberi Kerja',
    aliases: [
      'Nama Pemberi Kerja',
      'Nama Perusahaan',
      'Perusahaan',
      'Pemberi Kerja',
      'Nama Badan Usaha',
      'Nama Usaha',
      'Nama',
    ],
  },
  email: {
    label: 'E-mail',
    aliases: [
      'E-mail',
      'Email',
      'Surel',
      'Alamat E-mail',
      'Alamat Email',
      'E-mail Perusahaan',
      'Email Perusahaan',
    ],
  },
  address: { label: 'Alamat', aliases: ['Alamat', 'Alamat Perusahaan', 'Alamat Kantor'] },
  type: {
    label: 'Jenis',
    aliases: ['Jenis', 'Jenis Pemberi Kerja', 'Tipe', 'Jenis Usaha', 'Kategori', 'Perusahaan/Proyek'],
  },
  projectName: { label: 'Nama Proyek', aliases: ['Nama Proyek', 'Proyek', 'Nama Paket', 'Paket Pekerjaan'] },
  projectOwner: {
    label: 'Pemilik Proyek',
    aliases: ['Pemilik Proyek', 'Pengguna Jasa', 'Pemberi Pekerjaan', 'Pemilik Pekerjaan'],
  },
} as const;
export type RegistryField = keyof typeof REGISTRY_FIELDS;
const FIELD_KEYS = Object.keys(REGISTRY_FIELDS) as RegistryField[];
const REQUIRED: readonly RegistryField[] = ['name', 'email'];

const ALIASES: ReadonlyMap<string, RegistryField> = new Map(
  FIELD_KEYS.flatMap((k) => REGISTRY_FIELDS[k].aliases.map((a) => [normalizeHeader(a), k] as const)),
);

export type RegistryIssueCode =
  | 'MISSING_FIELD'
  | 'INVALID_NIB'
  | 'INVALID_EMAIL'
  | 'INVALID_TYPE'
  | 'NO_EMAIL'
  | 'DUPLICATE_IN_FILE';

export interface RegistryIssue {
  row: number;
  column: string;
  code: RegistryIssueCode;
  severity: Severity;
  value: string;
  message: string;
  messageEn: string;
}

export interface RegistryParse {
  /** Data rows read (blank rows not counted). */
  rows: number;
  /** Rows with at least one error (not imported). */
  rejected: number;
  /** Employers found (rows of one employer, e.g. its projects, merged). */
  employers: RegistryEmployer[];
  issues: RegistryIssue[];
}

const TYPES: ReadonlyMap<string, EmployerType> = new Map([
  ['perusahaan', 'company'],
  ['badanusaha', 'company'],
  ['usaha', 'company'],
  ['company', 'company'],
  ['pt', 'company'],
  ['cv', 'company'],
  ['proyek', 'construction'],
  ['proyekkonstruksi', 'construction'],
  ['konstruksi', 'construction'],
  ['jasakonstruksi', 'construction'],
  ['construction', 'construction'],
  ['constructionproject', 'construction'],
]);

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/;

interface Row {
  n: number;
  cells: Cell[];
}

/**
 * The validator's readers batch rows as `{first, rows}` / `{rows, numbers}` (or, in earlier versions, as
 * `[{n, cells}]`): both shapes are accepted, so this module does not break while the readers evolve.
 */
function* rowsOfBatch(batch: unknown): Generator<Row> {
  if (Array.isArray(batch)) {
    for (const r of batch as Row[]) yield r;
    return;
  }
  const b = batch as { rows: unknown[]; first?: number; numbers?: number[] };
  for (let i = 0; i < b.rows.length; i++) {
    const r = b.rows[i];
    if (r && !Array.isArray(r) && typeof r === 'object' && 'cells' in r) yield r as Row;
    else yield { n: b.numbers?.[i] ?? (b.first ?? 1) + i, cells: r as Cell[] };
  }
}

async function* rowsOf(
  source: AsyncIterable<Uint8Array>,
  fileName: string,
  maxBytes: number,
): AsyncGenerator<Row> {
  const bytes = limitBytes(source, maxBytes);
  if (fileKindOf(fileName) === 'xlsx') {
    let sheets = 0;
    for await (const event of readXlsxRows(bytes)) {
      if (event.type === 'sheet') {
        // The first visible sheet is the list (a second sheet is usually instructions).
        if (++sheets > 1) return;
        continue;
      }
      yield* rowsOfBatch(event);
    }
    return;
  }
  for await (const batch of readCsvRows(bytes)) yield* rowsOfBatch(batch);
}

const isBlankRow = (cells: readonly Cell[]) => cells.every((c) => isBlankCell(c));

/** Reads and checks a registry file. Throws FileError for file problems (nothing is imported then). */
export async function readRegistryFile(
  source: AsyncIterable<Uint8Array>,
  fileName: string,
  options: { maxBytes: number },
): Promise<RegistryParse> {
  const result: RegistryParse = { rows: 0, rejected: 0, employers: [], issues: [] };
  const byKey = new Map<string, RegistryEmployer & { rowOf: Map<string, number> }>();
  let columns: Partial<Record<RegistryField, number>> | undefined;
  let headers: string[] = [];
  let best: { fields: RegistryField[]; row: number } | undefined;
  let scanned = 0;
  let sawData = false;

  for await (const { n, cells } of rowsOf(source, fileName, options.maxBytes)) {
    if (isBlankRow(cells)) continue;
    sawData = true;
    if (!columns) {
      const found: Partial<Record<RegistryField, number>> = {};
      cells.forEach((c, i) => {
        const key = ALIASES.get(normalizeHeader(cellText(c)));
        if (key && found[key] === undefined) found[key] = i;
      });
      const fields = Object.keys(found) as RegistryField[];
      if (fields.length >= 2 && found.name !== undefined) {
        const missing = REQUIRED.filter((k) => found[k] === undefined);
        if (missing.length > 0) throw missingColumns(missing, n);
        columns = found;
        headers = cells.map((c) => cellText(c));
        continue;
      }
      if (!best || fields.length > best.fields.length) best = { fields, row: n };
      if (++scanned >= 30) break;
      continue;
    }
    result.rows += 1;
    const col = columns;
    const text = (f: RegistryField) => {
      const i = col[f];
      return i === undefined ? '' : cellText(cells[i]).replace(/\s+/g, ' ').trim();
    };
    const header = (f: RegistryField) => {
      const i = col[f];
      return (i === undefined ? undefined : headers[i]) || REGISTRY_FIELDS[f].label;
    };
    const issues: RegistryIssue[] = [];
    const issue = (
      f: RegistryField,
      code: RegistryIssueCode,
      severity: Severity,
      value: string,
      m: [string, string],
    ) => issues.push({ row: n, column: header(f), code, severity, value, message: m[0], messageEn: m[1] });

    const name = text('name');
    if (!name)
      issue('name', 'MISSING_FIELD', 'error', '', [
        'Nama pemberi kerja kosong.',
        'The employer name is empty.',
      ]);
    const nibRaw = col.nib === undefined ? undefined : cells[col.nib];
    const nibText = text('nib');
    const nib = typeof nibRaw === 'number' ? normalizeNib(nibRaw) : normalizeNib(nibText);
    if (nibText && !nib)
      issue('nib', 'INVALID_NIB', 'error', nibText, [
        `NIB "${nibText}" tidak sah: NIB terdiri dari 13 angka (dari OSS). Kosongkan bila tidak diketahui.`,
        `NIB "${nibText}" is not valid: an NIB has 13 digits (from OSS). Leave it empty when unknown.`,
      ]);
    const emailText = text('email');
    const emails = emailText
      .split(/[;,\s]+/)
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e.length > 0);
    const badEmails = emails.filter((e) => !EMAIL.test(e));
    if (badEmails.length > 0)
      issue('email', 'INVALID_EMAIL', 'error', emailText, [
        `Alamat e-mail tidak sah: ${badEmails.join(', ')}. Tulis seperti nama@perusahaan.co.id; pisahkan beberapa alamat dengan titik koma.`,
        `Not a valid e-mail address: ${badEmails.join(', ')}. Write it like name@company.co.id; separate several with semicolons.`,
      ]);
    else if (emails.length === 0 && name)
      issue('email', 'NO_EMAIL', 'warning', '', [
        'E-mail kosong: pemberi kerja disimpan, tetapi pemberitahuan tidak dapat dikirim; pekerjanya masuk ringkasan harian ke Disnakertrans.',
        'No e-mail: the employer is stored but cannot be sent notices; its workers go to the daily digest to Disnakertrans.',
      ]);
    const typeText = text('type');
    const projectName = text('projectName');
    const projectOwner = text('projectOwner');
    let type: EmployerType | undefined = projectName ? 'construction' : 'company';
    if (typeText) {
      type = TYPES.get(typeText.toLowerCase().replace(/[^a-z]/g, ''));
      if (!type)
        issue('type', 'INVALID_TYPE', 'error', typeText, [
          `Jenis "${typeText}" tidak dikenal: isi "Perusahaan" atau "Proyek Konstruksi".`,
          `Type "${typeText}" is not known: use "Perusahaan" (company) or "Proyek Konstruksi" (construction project).`,
        ]);
    }
    if (type === 'construction' && !projectName)
      issue('projectName', 'MISSING_FIELD', 'error', '', [
        'Proyek konstruksi tanpa nama proyek: pekerja konstruksi didaftarkan per proyek, isi kolom Nama Proyek.',
        'A construction project without a project name: construction workers are registered per project; fill in the project name.',
      ]);

    const key = employerKeyFor({ nib, name });
    if (issues.some((i) => i.severity === 'error') || !key || !type) {
      result.rejected += 1;
      result.issues.push(...issues);
      continue;
    }
    const project: EmployerProject | undefined = projectName
      ? { name: projectName, ...(projectOwner ? { owner: projectOwner } : {}) }
      : undefined;
    const seen = byKey.get(key);
    const projectKey = project ? normalizeEmployerName(project.name) : '';
    const previousRow = seen?.rowOf.get(projectKey);
    if (previousRow !== undefined)
      issue('name', 'DUPLICATE_IN_FILE', 'warning', name, [
        `Pemberi kerja${project ? ` dan proyek "${project.name}"` : ''} sudah ada di baris ${previousRow}; data baris ini digabungkan.`,
        `This employer${project ? ` and project "${project.name}"` : ''} is already on row ${previousRow}; this row is merged into it.`,
      ]);
    result.issues.push(...issues);
    const address = text('address');
    if (!seen) {
      byKey.set(key, {
        key,
        ...(nib ? { nib } : {}),
        name,
        normalizedName: normalizeEmployerName(name),
        emails,
        ...(address ? { address } : {}),
        type,
        projects: project ? [project] : [],
        rowOf: new Map([[projectKey, n]]),
      });
      continue;
    }
    seen.emails = [...new Set([...seen.emails, ...emails])];
    if (!seen.address && address) seen.address = address;
    if (type === 'construction') seen.type = 'construction';
    if (project && !seen.projects.some((p) => normalizeEmployerName(p.name) === projectKey))
      seen.projects.push(project);
    if (!seen.rowOf.has(projectKey)) seen.rowOf.set(projectKey, n);
  }

  if (!sawData) throw fileErrors.empty('no-rows');
  if (!columns)
    throw missingColumns(
      REQUIRED.filter((k) => !best?.fields.includes(k)),
      best?.row,
    );
  if (result.rows === 0) throw fileErrors.empty('header-only');
  result.employers = [...byKey.values()].map(({ rowOf: _rowOf, ...e }) => e);
  result.issues.sort((a, b) => a.row - b.row);
  return result;
}

function missingColumns(missing: RegistryField[], row?: number) {
  return fileErrors.missingColumns(
    (missing.length > 0 ? missing : REQUIRED).map((k) => REGISTRY_FIELDS[k].label),
    row,
  );
}

export interface RegistryImportSummary {
  importId: string;
  status: 'COMPLETED' | 'REJECTED';
  rows: number;
  rejected: number;
  warnings: number;
  employers: number;
  created: number;
  updated: number;
  fileError?: { code: FileErrorCode; message: string; messageEn: string };
  errorsReportKey?: string;
}
