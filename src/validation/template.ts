/**
 * The Excel template agencies fill in: a "Data Pekerja" sheet (NIK column formatted as Text so Excel
 * cannot turn NIKs into numbers, drop-downs for gender and desa), a "Petunjuk" sheet with instructions in
 * Bahasa Indonesia, and a "Daftar Desa" sheet listing the regency's desa/kelurahan with their codes.
 */
import ExcelJS from 'exceljs';
import { FIELDS, type FieldKey, WORKER_LIST_COLUMNS } from './columns.ts';
import { titleCase } from './fields.ts';
import type { RegionDirectory } from './regions.ts';

/** The format a column expects, shown in its header. */
const HEADER_HINTS: Partial<Record<FieldKey, string>> = { tanggalLahir: 'DD-MM-YYYY', jenisKelamin: 'L/P' };

/** The data sheet's header: each worker-list column's canonical label, with its hint. */
export const TEMPLATE_HEADERS: readonly string[] = WORKER_LIST_COLUMNS.map((key) => {
  const hint = HEADER_HINTS[key];
  return hint ? `${FIELDS[key].label} (${hint})` : FIELDS[key].label;
});

export const DEFAULT_TEMPLATE_FILE = 'template-pekerja-rentan.xlsx';
export const DATA_SHEET = 'Data Pekerja';
export const INSTRUCTIONS_SHEET = 'Petunjuk';
export const DESA_SHEET = 'Daftar Desa';

export interface TemplateOptions {
  regions: RegionDirectory;
  /** Rows prepared with validation and formats (default 5,000). */
  rows?: number;
  /** Regency name for the texts (default: from the directory). */
  regencyName?: string;
  /** Programme ages, for the instructions (default 18–64). */
  minAge?: number;
  maxAge?: number;
  excludedOccupations?: readonly string[];
}

function instructions(o: Required<Omit<TemplateOptions, 'regions' | 'rows'>>, example: string): string[] {
  return [
    `Petunjuk pengisian daftar pekerja rentan — ${o.regencyName}`,
    '',
    `1. Isi satu pekerja per baris pada lembar "${DATA_SHEET}", mulai baris 2. Jangan mengubah judul kolom.`,
    '2. NIK: 16 angka sesuai KTP/KK. Kolom NIK sudah berformat Teks; jika menyalin dari berkas lain, gunakan',
    '   "Tempel Nilai" (Paste Values) dan pastikan NIK tidak berubah menjadi 6.40804E+15 atau berakhiran 0.',
    '3. Nama Lengkap: sesuai KTP, hanya huruf, spasi, titik, koma, tanda hubung dan apostrof.',
    '4. Tanggal Lahir: hari-bulan-tahun, misalnya 17-08-1985 atau 17 Agustus 1985. Tahun ditulis 4 angka.',
    '5. Jenis Kelamin: L (laki-laki) atau P (perempuan), pilih dari daftar.',
    `6. Kode Desa: pilih desa/kelurahan tempat tinggal pekerja dari daftar (lembar "${DESA_SHEET}"),`,
    `   atau tulis kode 10 angka, misalnya ${example}. Untuk unggahan desa, kolom ini boleh kosong`,
    '   (berarti desa pengunggah).',
    '7. Pekerjaan: misalnya Petani, Nelayan, Buruh Harian Lepas, Pedagang.',
    `   Tidak termasuk program: ${o.excludedOccupations.join(', ')} (sudah dilindungi program lain).`,
    `8. Umur pekerja pada awal program: ${o.minAge} sampai ${o.maxAge} tahun.`,
    '9. No HP (boleh kosong): nomor seluler, misalnya 081234567890.',
    '10. Pekerja penerima upah: isi Nama Pemberi Kerja dan/atau NIB Pemberi Kerja (serta Nama Proyek untuk',
    '    pekerja konstruksi). Mereka tidak dibiayai APBD: pemberi kerja wajib mendaftarkannya, dan akan',
    '    menerima pemberitahuan.',
    '11. Simpan sebagai Excel Workbook (.xlsx) lalu unggah. Berkas .xls (Excel lama) tidak diterima; CSV diterima.',
    '12. Setiap baris yang ditolak dilaporkan dengan nomor baris, kolom dan alasannya (errors.csv / errors.xlsx).',
    '',
    'Data NIK, nama, tanggal lahir dan nomor HP adalah data pribadi (UU 27/2022): simpan dan kirim berkas ini',
    'hanya melalui saluran resmi.',
    '',
    'Kode wilayah: Kemendagri, dari paket idn-area-data (https://github.com/fityannugroho/idn-area-data),',
    'data berlisensi Open Database License (ODbL) v1.0.',
  ];
}

/** exceljs supports range validations (`D2:D5001`) but its typings omit `worksheet.dataValidations`. */
function rangeValidations(sheet: ExcelJS.Worksheet): {
  add(range: string, validation: ExcelJS.DataValidation): void;
} {
  return (
    sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }
  ).dataValidations;
}

/** Builds the template workbook. */
export async function buildTemplate(options: TemplateOptions): Promise<Buffer> {
  const { regions } = options;
  const rows = options.rows ?? 5000;
  const desa = regions.listDesa();
  const o = {
    regencyName: options.regencyName ?? titleCase(regions.regencyName ?? `Kabupaten ${regions.regencyCode}`),
    minAge: options.minAge ?? 18,
    maxAge: options.maxAge ?? 64,
    excludedOccupations: options.excludedOccupations ?? ['PNS', 'ASN', 'PPPK', 'TNI', 'POLRI'],
  };

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'lindung';
  workbook.title = `Daftar pekerja rentan — ${o.regencyName}`;

  const data = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const instructionsSheet = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  const list = workbook.addWorksheet(DESA_SHEET);

  data.columns = TEMPLATE_HEADERS.map((header, i) => ({
    header,
    width: [20, 28, 16, 12, 34, 22, 16, 26, 18, 28][i] ?? 16,
    style: i === 0 || i === 6 || i === 8 ? { numFmt: '@' } : i === 2 ? { numFmt: 'dd-mm-yyyy' } : {},
  }));
  const header = data.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  header.getCell(1).note = 'NIK 16 angka, format Teks. Jangan diketik sebagai angka.';
  header.getCell(5).note =
    'Pilih dari daftar, atau tulis kode desa 10 angka. Boleh kosong untuk unggahan desa.';

  const last = rows + 1;
  const validations = rangeValidations(data);
  validations.add(`D2:D${last}`, {
    type: 'list',
    allowBlank: true,
    formulae: ['"L,P"'],
    showErrorMessage: true,
    errorTitle: 'Jenis Kelamin',
    error: 'Isi L (laki-laki) atau P (perempuan).',
  });
  validations.add(`E2:E${last}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`'${DESA_SHEET}'!$C$2:$C$${desa.length + 1}`],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: 'Kode Desa',
    error: `Pilih desa dari lembar "${DESA_SHEET}" atau tulis kode desa 10 angka.`,
  });
  validations.add(`A2:A${last}`, {
    type: 'textLength',
    operator: 'equal',
    allowBlank: true,
    formulae: [16],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: 'NIK',
    error: 'NIK harus 16 angka.',
  });

  list.columns = [
    { header: 'Kode Desa', key: 'code', width: 14, style: { numFmt: '@' } },
    { header: 'Desa/Kelurahan', key: 'name', width: 28 },
    { header: 'Pilihan', key: 'choice', width: 40 },
    { header: 'Kode Kecamatan', key: 'kecamatan', width: 16, style: { numFmt: '@' } },
    { header: 'Kecamatan', key: 'kecamatanName', width: 22 },
  ];
  list.getRow(1).font = { bold: true };
  for (const d of desa) {
    list.addRow({
      code: d.code,
      name: `${d.kind === 'kelurahan' ? 'Kel. ' : ''}${d.name}`,
      choice: `${d.code} - ${d.name}`,
      kecamatan: d.kecamatan,
      kecamatanName: d.kecamatanName,
    });
  }

  instructionsSheet.getColumn(1).width = 110;
  for (const line of instructions(o, desa[0]?.code ?? `${regions.regencyCode}…`))
    instructionsSheet.addRow([line]);
  instructionsSheet.getRow(1).font = { bold: true, size: 14 };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
