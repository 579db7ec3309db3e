/**
 * The claims file format (no public BPJS format exists; README "Claims and benefits"): one header row within
 * the first rows of the first sheet, columns recognised by name. The regency configuration can add aliases
 * (`claims.columnAliases` in config/<regency>.json) for the headers its branch office uses.
 */
import { normalizeHeader } from '../validation/columns.ts';

export const CLAIM_COLUMNS = [
  'kpj',
  'nik',
  'claimNumber',
  'type',
  'eventDate',
  'paidDate',
  'amount',
  'beneficiary',
  'educationLevel',
] as const;
export type ClaimColumn = (typeof CLAIM_COLUMNS)[number];

/** Label as shown in messages and the README, then the default aliases. */
export const DEFAULT_CLAIM_ALIASES: Readonly<Record<ClaimColumn, readonly [string, ...string[]]>> = {
  kpj: ['KPJ', 'No KPJ', 'Nomor KPJ', 'No Peserta', 'Nomor Peserta'],
  nik: ['NIK', 'No NIK', 'Nomor Induk Kependudukan'],
  claimNumber: ['No Klaim', 'Nomor Klaim', 'ID Klaim', 'Claim Number'],
  type: ['Jenis Klaim', 'Jenis', 'Program', 'Jenis Manfaat', 'Claim Type'],
  eventDate: ['Tanggal Kejadian', 'Tgl Kejadian', 'Tanggal Peristiwa', 'Event Date'],
  paidDate: ['Tanggal Bayar', 'Tgl Bayar', 'Tanggal Pembayaran', 'Paid Date'],
  amount: ['Nominal', 'Jumlah', 'Jumlah Dibayar', 'Nilai Klaim', 'Amount'],
  beneficiary: ['Penerima', 'Nama Penerima', 'Ahli Waris', 'Penerima Manfaat', 'Beneficiary'],
  educationLevel: ['Jenjang', 'Jenjang Pendidikan', 'Tingkat Pendidikan', 'Education Level'],
};

export const REQUIRED_CLAIM_COLUMNS: readonly ClaimColumn[] = [
  'type',
  'eventDate',
  'paidDate',
  'amount',
  'beneficiary',
];

export type ClaimColumnIndex = Partial<Record<ClaimColumn, number>>;

export interface ClaimHeader {
  columns: ClaimColumnIndex;
  /** The header text as written in the file, per column (for messages). */
  headers: Partial<Record<ClaimColumn, string>>;
  /** How many known columns the row has. */
  known: number;
}

/** Header text → column, defaults plus configured aliases. */
export function claimAliasIndex(
  extra: Partial<Record<ClaimColumn, string[]>> = {},
): Map<string, ClaimColumn> {
  const index = new Map<string, ClaimColumn>();
  for (const column of CLAIM_COLUMNS) {
    for (const alias of [...DEFAULT_CLAIM_ALIASES[column], ...(extra[column] ?? [])])
      index.set(normalizeHeader(alias), column);
  }
  return index;
}

export function matchClaimHeader(cells: readonly unknown[], index: Map<string, ClaimColumn>): ClaimHeader {
  const columns: ClaimColumnIndex = {};
  const headers: Partial<Record<ClaimColumn, string>> = {};
  let known = 0;
  cells.forEach((cell, i) => {
    if (typeof cell !== 'string') return;
    const column = index.get(normalizeHeader(cell));
    if (column && columns[column] === undefined) {
      columns[column] = i;
      headers[column] = cell.trim();
      known++;
    }
  });
  return { columns, headers, known };
}

/** Required columns absent from a header, by label; KPJ or NIK must be there (either identifies the worker). */
export function missingClaimColumns(header: ClaimHeader): string[] {
  const missing = REQUIRED_CLAIM_COLUMNS.filter((c) => header.columns[c] === undefined).map(
    (c) => DEFAULT_CLAIM_ALIASES[c][0],
  );
  if (header.columns.kpj === undefined && header.columns.nik === undefined) missing.unshift('KPJ / NIK');
  return missing;
}
