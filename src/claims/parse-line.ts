/** One row of a claims file → a claim line, or the problems that keep it out (Bahasa Indonesia and English). */

import { formatIso, parseDateValue } from '../validation/dates.ts';
import type { Cell } from '../validation/fields.ts';
import { cleanNik, isNikShape, maskNik, numberToDigits } from '../validation/nik.ts';
import { type ClaimColumn, type ClaimHeader, DEFAULT_CLAIM_ALIASES } from './columns.ts';
import {
  CLAIM_TYPES,
  type ClaimLine,
  type ClaimType,
  EDUCATION_LEVELS,
  type EducationLevel,
} from './model.ts';

export type ClaimProblemCode =
  | 'MISSING_FIELD'
  | 'INVALID_KPJ'
  | 'NIK_FORMAT'
  | 'INVALID_CLAIM_TYPE'
  | 'INVALID_DATE'
  | 'PAID_BEFORE_EVENT'
  | 'INVALID_AMOUNT'
  | 'INVALID_EDUCATION_LEVEL'
  | 'UNKNOWN_WORKER';

/** A line that is not counted, with why. Same shape as an upload's row issue (REPORT_COLUMNS). */
export interface ClaimProblem {
  row: number;
  column: string;
  code: ClaimProblemCode;
  value: string;
  message: string;
  messageEn: string;
}

const TYPE_ALIASES: Record<string, ClaimType> = {
  jkk: 'JKK',
  jaminankecelakaankerja: 'JKK',
  kecelakaankerja: 'JKK',
  jkm: 'JKM',
  jaminankematian: 'JKM',
  kematian: 'JKM',
  beasiswa: 'BEASISWA',
  beasiswapendidikan: 'BEASISWA',
  manfaatbeasiswa: 'BEASISWA',
  jkkbeasiswa: 'BEASISWA',
  jkmbeasiswa: 'BEASISWA',
};

const text = (cell: Cell): string => {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return numberToDigits(cell);
  return String(cell).trim();
};

/** `Rp 1.500.000`, `1,500,000`, `1500000`, `1.500.000,00` → 1500000; anything with real cents or sign → null. */
export function parseRupiah(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isSafeInteger(cell) && cell > 0 ? cell : null;
  const s = text(cell)
    .replace(/^rp\.?\s*/i, '')
    .replace(/\s/g, '');
  if (/^\d+$/.test(s)) return Number(s) > 0 ? Number(s) : null;
  const m = /^(\d{1,3}(?:([.,])\d{3})*)(?:[.,]00?)?$/.exec(s);
  if (!m?.[1]) return null;
  const sep = m[2];
  if (sep && s.slice(m[1].length, m[1].length + 1) === sep) return null; // 1.500.00 — ambiguous
  const n = Number(m[1].replace(/[.,]/g, ''));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function parseClaimType(cell: Cell): ClaimType | null {
  const key = text(cell)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return TYPE_ALIASES[key] ?? null;
}

/** Reads one data row; `date1904` for XLSX serial dates of old Mac workbooks. */
export function parseClaimRow(
  row: number,
  cells: readonly Cell[],
  header: ClaimHeader,
  date1904 = false,
): { line: ClaimLine } | { problems: ClaimProblem[] } {
  const problems: ClaimProblem[] = [];
  const at = (c: ClaimColumn): Cell => {
    const i = header.columns[c];
    return i === undefined ? undefined : cells[i];
  };
  const label = (c: ClaimColumn) => header.headers[c] ?? DEFAULT_CLAIM_ALIASES[c][0];
  const problem = (c: ClaimColumn, code: ClaimProblemCode, value: string, id: string, en: string) =>
    problems.push({ row, column: label(c), code, value, message: id, messageEn: en });
  const missing = (c: ClaimColumn) =>
    problem(c, 'MISSING_FIELD', '', `Kolom "${label(c)}" kosong.`, `Column "${label(c)}" is empty.`);

  const kpj = text(at('kpj')).replace(/[\s.-]/g, '');
  if (kpj !== '' && !/^\d{8,13}$/.test(kpj))
    problem('kpj', 'INVALID_KPJ', kpj, 'Nomor KPJ harus 8–13 angka.', 'A KPJ number has 8–13 digits.');
  const nikRaw = at('nik');
  const nik = cleanNik(typeof nikRaw === 'number' ? numberToDigits(nikRaw) : text(nikRaw));
  if (nik !== '' && !isNikShape(nik))
    problem(
      'nik',
      'NIK_FORMAT',
      maskNik(nik),
      'NIK harus 16 angka (format kolom sebagai Teks di Excel).',
      'A NIK has 16 digits (format the column as Text in Excel).',
    );
  if (kpj === '' && nik === '')
    problems.push({
      row,
      column: 'KPJ / NIK',
      code: 'MISSING_FIELD',
      value: '',
      message: 'Isi KPJ atau NIK peserta: tanpa keduanya klaim tidak bisa dicocokkan.',
      messageEn: "Fill in the participant's KPJ or NIK: without either the claim cannot be matched.",
    });

  const typeCell = at('type');
  const type = parseClaimType(typeCell);
  if (text(typeCell) === '') missing('type');
  else if (!type)
    problem(
      'type',
      'INVALID_CLAIM_TYPE',
      text(typeCell),
      `Jenis klaim harus salah satu dari ${CLAIM_TYPES.join(', ')}.`,
      `Claim type must be one of ${CLAIM_TYPES.join(', ')}.`,
    );

  const date = (c: ClaimColumn): string | null => {
    const cell = at(c);
    if (text(cell) === '') {
      missing(c);
      return null;
    }
    const parsed = parseDateValue(cell, date1904);
    if (!parsed.ok) {
      problem(
        c,
        'INVALID_DATE',
        text(cell),
        'Tanggal tidak dikenali; tulis sebagai DD-MM-YYYY.',
        'Date not recognised; write it as DD-MM-YYYY.',
      );
      return null;
    }
    return formatIso(parsed.date);
  };
  const eventDate = date('eventDate');
  const paidDate = date('paidDate');
  if (eventDate && paidDate && paidDate < eventDate)
    problem(
      'paidDate',
      'PAID_BEFORE_EVENT',
      paidDate,
      'Tanggal bayar sebelum tanggal kejadian.',
      'Paid date is before the event date.',
    );

  const amountCell = at('amount');
  const amount = parseRupiah(amountCell);
  if (text(amountCell) === '') missing('amount');
  else if (amount === null)
    problem(
      'amount',
      'INVALID_AMOUNT',
      text(amountCell),
      'Nominal harus bilangan bulat Rupiah lebih dari 0, mis. 1.500.000.',
      'Amount must be whole Rupiah above 0, e.g. 1.500.000.',
    );

  const beneficiary = text(at('beneficiary'));
  if (beneficiary === '') missing('beneficiary');

  const levelText = text(at('educationLevel'))
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  const level = (EDUCATION_LEVELS as readonly string[]).includes(levelText)
    ? (levelText as EducationLevel)
    : undefined;
  if (type === 'BEASISWA' && levelText === '') missing('educationLevel');
  else if (levelText !== '' && !level)
    problem(
      'educationLevel',
      'INVALID_EDUCATION_LEVEL',
      levelText,
      `Jenjang pendidikan harus salah satu dari ${EDUCATION_LEVELS.join(', ')}.`,
      `Education level must be one of ${EDUCATION_LEVELS.join(', ')}.`,
    );

  if (problems.length > 0 || !type || !eventDate || !paidDate || amount === null) return { problems };
  const claimNumber = text(at('claimNumber'));
  return {
    line: {
      row,
      ...(kpj ? { kpj } : {}),
      ...(nik ? { nik } : {}),
      ...(claimNumber ? { claimNumber } : {}),
      type,
      eventDate,
      paidDate,
      amount,
      beneficiary,
      ...(level ? { educationLevel: level } : {}),
    },
  };
}
