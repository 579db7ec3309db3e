/**
 * The columns of a worker list and how their headers are recognised: by content, anywhere in the first
 * rows (title rows and merged cells often sit above the header), case, spaces and punctuation ignored,
 * with the aliases agencies actually use.
 */

export const FIELD_KEYS = [
  'nik',
  'nama',
  'tanggalLahir',
  'jenisKelamin',
  'desa',
  'kecamatan',
  'pekerjaan',
  'noHp',
  'namaPemberiKerja',
  'nibPemberiKerja',
  'namaProyek',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** The columns of the template and of generated samples, in their order (no kecamatan column). */
export const WORKER_LIST_COLUMNS: readonly FieldKey[] = FIELD_KEYS.filter((k) => k !== 'kecamatan');

export interface FieldSpec {
  /** Canonical header (the template's), used in messages when the column is absent. */
  label: string;
  aliases: readonly string[];
}

export const FIELDS: Readonly<Record<FieldKey, FieldSpec>> = {
  nik: {
    label: 'NIK',
    aliases: [
      'NIK',
      'No. KTP',
      'No KTP',
      'Nomor KTP',
      'Nomor Induk Kependudukan',
      'No. NIK',
      'Nomor NIK',
      'NIK KTP',
    ],
  },
  nama: {
    label: 'Nama Lengkap',
    aliases: [
      'Nama',
      'Nama Lengkap',
      'Nama Pekerja',
      'Nama Peserta',
      'Nama Sesuai KTP',
      'Nama Lengkap Sesuai KTP',
    ],
  },
  tanggalLahir: {
    label: 'Tanggal Lahir',
    aliases: ['Tanggal Lahir', 'Tgl. Lahir', 'Tgl Lahir', 'Tgl Lhr', 'Tanggal Lhr', 'Tgl. Lhr'],
  },
  jenisKelamin: {
    label: 'Jenis Kelamin',
    aliases: ['Jenis Kelamin', 'JK', 'L/P', 'Kelamin', 'Jns Kelamin', 'J/K'],
  },
  desa: {
    label: 'Kode Desa',
    aliases: [
      'Kode Desa',
      'Desa',
      'Desa/Kelurahan',
      'Kelurahan',
      'Kelurahan/Desa',
      'Kode Desa/Kelurahan',
      'Kode Kelurahan',
      'Nama Desa',
      'Desa/Kel',
    ],
  },
  kecamatan: { label: 'Kecamatan', aliases: ['Kecamatan', 'Kode Kecamatan', 'Nama Kecamatan', 'Kec'] },
  pekerjaan: { label: 'Pekerjaan', aliases: ['Pekerjaan', 'Jenis Pekerjaan', 'Profesi', 'Mata Pencaharian'] },
  noHp: {
    label: 'No HP',
    aliases: [
      'No HP',
      'No. HP',
      'Nomor HP',
      'HP',
      'Telepon',
      'No Telepon',
      'No. Telepon',
      'Telp',
      'No Telp',
      'No WA',
    ],
  },
  namaPemberiKerja: {
    label: 'Nama Pemberi Kerja',
    aliases: ['Nama Pemberi Kerja', 'Pemberi Kerja', 'Perusahaan', 'Nama Perusahaan'],
  },
  nibPemberiKerja: { label: 'NIB Pemberi Kerja', aliases: ['NIB Pemberi Kerja', 'NIB', 'NIB Perusahaan'] },
  namaProyek: { label: 'Nama Proyek', aliases: ['Nama Proyek', 'Proyek'] },
};

/** Lower-case letters and digits of a header, without a trailing hint in parentheses or a `*` marker. */
export function normalizeHeader(text: string): string {
  const withoutHint = text.replace(/\([^)]*\)|\[[^\]]*\]/g, '');
  const base = /[a-z0-9]/i.test(withoutHint) ? withoutHint : text;
  return base.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const ALIAS_INDEX: ReadonlyMap<string, FieldKey> = new Map(
  FIELD_KEYS.flatMap((key) => FIELDS[key].aliases.map((alias) => [normalizeHeader(alias), key] as const)),
);

export function matchHeader(text: string): FieldKey | undefined {
  return ALIAS_INDEX.get(normalizeHeader(text));
}

export interface HeaderMatch {
  /** Column index (0-based) of each recognised field; the first occurrence wins. */
  columns: Partial<Record<FieldKey, number>>;
  /** Header text of every column as written in the file (trimmed). */
  headers: string[];
  /** Number of distinct fields recognised. */
  matched: number;
}

/** How a header row is told apart from a title row or a data row. */
export const MIN_HEADER_FIELDS = 3;
/** Non-blank rows scanned for a header before giving up (on this sheet). */
export const HEADER_SCAN_ROWS = 30;

export function matchHeaderRow(cells: readonly unknown[]): HeaderMatch {
  const columns: Partial<Record<FieldKey, number>> = {};
  const headers: string[] = [];
  let matched = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const text = typeof cell === 'string' ? cell.trim() : cell == null ? '' : String(cell);
    headers.push(text);
    if (text === '' || text.length > 60) continue;
    const key = matchHeader(text);
    if (key !== undefined && columns[key] === undefined) {
      columns[key] = i;
      matched += 1;
    }
  }
  return { columns, headers, matched };
}

export const ALWAYS_REQUIRED: readonly FieldKey[] = [
  'nik',
  'nama',
  'tanggalLahir',
  'jenisKelamin',
  'pekerjaan',
];

/** Required columns: desa is required for agency uploads; a desa upload defaults to the uploader's desa. */
export function requiredFields(uploaderKind: 'desa' | 'agency'): FieldKey[] {
  return uploaderKind === 'agency' ? [...ALWAYS_REQUIRED, 'desa'] : [...ALWAYS_REQUIRED];
}

export function missingFields(match: HeaderMatch, uploaderKind: 'desa' | 'agency'): FieldKey[] {
  return requiredFields(uploaderKind).filter((key) => match.columns[key] === undefined);
}
