/**
 * Every message the validator gives, in Bahasa Indonesia (what agencies read) and English.
 * Messages name the value and say what to do. NIK values reaching this module are already masked.
 */
import type { DateProblem } from './dates.ts';
import { MAX_NAME_CHARS, MAX_NAME_WORDS, type NameProblem } from './fields.ts';
import { FileError } from './types.ts';

export interface Message {
  id: string;
  en: string;
}

const q = (v: string) => `"${v}"`;

export const rowMessages = {
  missingField(column: string, hint?: Message): Message {
    return {
      id: `Kolom ${q(column)} kosong. ${hint?.id ?? `Isi ${column} pekerja ini.`}`,
      en: `${q(column)} is empty. ${hint?.en ?? `Fill in the worker's ${column}.`}`,
    };
  },

  missingDesaForAgency(column: string): Message {
    return rowMessages.missingField(column, {
      id: 'Isi kode desa 10 digit tempat tinggal pekerja (misalnya 6408042001) atau nama desanya.',
      en: "Fill in the 10-digit code of the worker's home desa (e.g. 6408042001) or its name.",
    });
  },

  nikFormat(masked: string, digits: number, otherChars: boolean): Message {
    const foundId = otherChars ? `berisi ${digits} angka dan huruf/tanda lain` : `berisi ${digits} angka`;
    const foundEn = otherChars ? `has ${digits} digits and other characters` : `has ${digits} digits`;
    return {
      id: `NIK ${q(masked)} ${foundId}; NIK harus tepat 16 angka. Salin ulang NIK dari KTP atau Kartu Keluarga.`,
      en: `NIK ${q(masked)} ${foundEn}; a NIK is exactly 16 digits. Copy the NIK again from the ID card (KTP) or family card (KK).`,
    };
  },

  nikExcelMangled(masked: string): Message {
    return {
      id:
        `NIK ${q(masked)} telah diubah Excel menjadi angka sehingga digit terakhirnya hilang. ` +
        'Format kolom NIK sebagai Teks (klik kanan kolom → Format Cells → Text), lalu ketik ulang NIK dari KTP/KK. ' +
        'Jangan menebak digit yang hilang.',
      en:
        `Excel turned NIK ${q(masked)} into a number and its last digit(s) were lost. ` +
        'Format the NIK column as Text (right-click the column → Format Cells → Text) and retype the NIK from the ' +
        'ID card. Do not guess the missing digits.',
    };
  },

  nikInvalidDate(masked: string, day: number, month: number): Message {
    return {
      id:
        `Bagian tanggal lahir NIK ${q(masked)} (digit ke-7 s.d. 12: hari ${day}, bulan ${month}) bukan tanggal yang ada ` +
        '(untuk perempuan hari ditambah 40). Periksa NIK di KTP/KK.',
      en:
        `The birth-date part of NIK ${q(masked)} (digits 7–12: day ${day}, month ${month}) is not a real date ` +
        '(40 is added to the day for women). Check the NIK on the ID card.',
    };
  },

  nikBirthdateMismatch(masked: string, nikDate: string, columnDate: string, dateColumn: string): Message {
    return {
      id:
        `Tanggal lahir dalam NIK ${q(masked)} (${nikDate}) berbeda dengan kolom ${q(dateColumn)} (${columnDate}). ` +
        'Samakan keduanya sesuai KTP/KK.',
      en:
        `The birth date inside NIK ${q(masked)} (${nikDate}) differs from the ${q(dateColumn)} column (${columnDate}). ` +
        'Make them match the ID card.',
    };
  },

  nikGenderMismatch(
    masked: string,
    nikGender: 'L' | 'P',
    genderValue: string,
    genderColumn: string,
  ): Message {
    const idGender = nikGender === 'P' ? 'perempuan (hari lahir dalam NIK ditambah 40)' : 'laki-laki';
    const enGender = nikGender === 'P' ? 'a woman (40 added to the day of birth)' : 'a man';
    return {
      id:
        `NIK ${q(masked)} menunjukkan ${idGender}, tetapi kolom ${q(genderColumn)} berisi ${q(genderValue)}. ` +
        'Periksa NIK dan jenis kelamin di KTP/KK.',
      en:
        `NIK ${q(masked)} is that of ${enGender}, but ${q(genderColumn)} says ${q(genderValue)}. ` +
        'Check the NIK and the gender on the ID card.',
    };
  },

  nikUnknownRegion(masked: string): Message {
    return {
      id:
        `Enam digit pertama NIK ${q(masked)} (kode provinsi, kabupaten, kecamatan) tidak ada dalam daftar kecamatan ` +
        'Kemendagri. Periksa NIK di KTP/KK; baris ini tetap diproses.',
      en:
        `The first six digits of NIK ${q(masked)} (province, regency, kecamatan) are not a Kemendagri kecamatan code. ` +
        'Check the NIK on the ID card; the row is still processed.',
    };
  },

  invalidDate(value: string, column: string, problem: DateProblem): Message {
    switch (problem) {
      case 'two-digit-year':
        return {
          id: `Tahun pada ${column} ${q(value)} hanya 2 angka. Tulis tahun 4 angka, misalnya 17-08-1985.`,
          en: `The year in ${column} ${q(value)} has only 2 digits. Write a 4-digit year, e.g. 17-08-1985.`,
        };
      case 'impossible':
        return {
          id: `${column} ${q(value)} bukan tanggal yang ada di kalender (misalnya 31/02). Periksa tanggal lahir di KTP/KK.`,
          en: `${column} ${q(value)} is not a real calendar day (e.g. 31/02). Check the birth date on the ID card.`,
        };
      case 'month-name':
        return {
          id: `Nama bulan pada ${column} ${q(value)} tidak dikenali. Tulis 17-08-1985 atau 17 Agustus 1985.`,
          en: `The month name in ${column} ${q(value)} is not recognised. Write 17-08-1985 or 17 Agustus 1985.`,
        };
      default:
        return {
          id: `${column} ${q(value)} tidak dikenali sebagai tanggal. Tulis hari-bulan-tahun, misalnya 17-08-1985.`,
          en: `${column} ${q(value)} is not a recognised date. Write day-month-year, e.g. 17-08-1985.`,
        };
    }
  },

  invalidGender(value: string, column: string): Message {
    return {
      id: `${column} ${q(value)} tidak dikenali. Isi L untuk laki-laki atau P untuk perempuan.`,
      en: `${column} ${q(value)} is not recognised. Write L for male (laki-laki) or P for female (perempuan).`,
    };
  },

  invalidName(value: string, reason: NameProblem): Message {
    if (reason === 'too-long' || reason === 'too-many-words') return rowMessages.nameTooLong(value, reason);
    const why: Record<Exclude<NameProblem, 'too-long' | 'too-many-words'>, Message> = {
      digits: { id: 'berisi angka', en: 'contains digits' },
      formula: { id: 'diawali tanda = + - atau @', en: 'starts with = + - or @' },
      'too-short': { id: 'kurang dari 2 huruf', en: 'has fewer than 2 letters' },
      characters: {
        id: 'berisi tanda yang tidak dipakai dalam nama',
        en: 'contains characters not used in names',
      },
    };
    return {
      id: `Nama ${q(value)} ${why[reason].id}. Tulis nama lengkap sesuai KTP (huruf, spasi, titik, koma, tanda hubung, apostrof).`,
      en: `Name ${q(value)} ${why[reason].en}. Write the full name as on the ID card (letters, spaces, dots, commas, hyphens, apostrophes).`,
    };
  },

  nameTooLong(value: string, reason: 'too-long' | 'too-many-words'): Message {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    const words = value.split(' ').length;
    const why =
      reason === 'too-long'
        ? {
            id: `${value.length} karakter; batasnya ${MAX_NAME_CHARS}`,
            en: `${value.length} characters; the limit is ${MAX_NAME_CHARS}`,
          }
        : {
            id: `${words} kata; batasnya ${MAX_NAME_WORDS}`,
            en: `${words} words; the limit is ${MAX_NAME_WORDS}`,
          };
    return {
      id: `Nama ${q(shown)} terlalu panjang (${why.id}) untuk pendaftaran BPJS Ketenagakerjaan. Tulis nama lengkap sesuai KTP saja, tanpa keterangan lain.`,
      en: `Name ${q(shown)} is too long (${why.en}) for a BPJS Ketenagakerjaan registration. Write only the full name as on the ID card, nothing else.`,
    };
  },

  ageOutOfRange(age: number, on: string, min: number, max: number): Message {
    return {
      id: `Umur pekerja pada ${on} adalah ${age} tahun; program ini untuk umur ${min} sampai ${max} tahun. Periksa tanggal lahir, atau hapus baris ini.`,
      en: `The worker is ${age} years old on ${on}; the programme covers ages ${min} to ${max}. Check the birth date or remove the row.`,
    };
  },

  unknownDesa(value: string, regency: string): Message {
    return {
      id: `Desa/kelurahan ${q(value)} tidak ditemukan di ${regency}. Isi kode desa Kemendagri 10 angka (misalnya 6408042001) atau nama desa sesuai daftar di templat.`,
      en: `Desa/kelurahan ${q(value)} was not found in ${regency}. Write the 10-digit Kemendagri desa code (e.g. 6408042001) or the desa name from the template's list.`,
    };
  },

  ambiguousDesa(value: string, kecamatanNames: string[]): Message {
    const list = kecamatanNames.join(', ');
    return {
      id: `Nama desa ${q(value)} ada di beberapa kecamatan (${list}). Isi kode desa 10 angka, atau tambahkan kolom Kecamatan.`,
      en: `Desa name ${q(value)} exists in several kecamatan (${list}). Write the 10-digit desa code, or add a Kecamatan column.`,
    };
  },

  desaOfOtherVillage(desa: string, ownDesa: string): Message {
    return {
      id: `Pekerja ini tercatat di ${desa}, bukan di desa pengunggah, ${ownDesa}. Desa hanya mendaftarkan warganya sendiri: minta desa tersebut mengunggahnya, atau perbaiki kolom desa.`,
      en: `This worker lives in ${desa}, not in the uploading desa, ${ownDesa}. A desa uploads only its own residents: ask that desa to upload the row, or correct the desa column.`,
    };
  },

  desaOutsideRegency(code: string, regency: string): Message {
    return {
      id: `Kode desa ${code} berada di luar ${regency}. Hanya warga ${regency} yang dibiayai program ini.`,
      en: `Desa code ${code} is outside ${regency}. Only residents of ${regency} are covered by this programme.`,
    };
  },

  duplicateInFile(masked: string, firstRow: number): Message {
    return {
      id: `NIK ${q(masked)} sudah ada di baris ${firstRow}. Setiap pekerja cukup didaftarkan sekali: hapus baris ganda ini.`,
      en: `NIK ${q(masked)} already appears in row ${firstRow}. Each worker is listed once: remove this duplicate row.`,
    };
  },

  ineligibleOccupation(value: string, group: string): Message {
    return {
      id: `Pekerjaan ${q(value)} (${group}) tidak termasuk program pekerja rentan: pekerja ini sudah dilindungi program lain. Hapus baris ini.`,
      en: `Occupation ${q(value)} (${group}) is not eligible: these workers are covered by another scheme. Remove the row.`,
    };
  },

  invalidPhone(value: string): Message {
    return {
      id: `No HP ${q(value)} bukan nomor seluler Indonesia (contoh 081234567890 atau +6281234567890). Nomor tidak disimpan; baris tetap diproses.`,
      en: `Phone ${q(value)} is not an Indonesian mobile number (e.g. 081234567890 or +6281234567890). The number is not kept; the row is still processed.`,
    };
  },
};

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export type UnreadableReason =
  | 'binary'
  | 'zip-in-csv'
  | 'xls-in-csv'
  | 'pdf'
  | 'image'
  | 'not-xlsx'
  | 'xls-in-xlsx'
  | 'corrupt-xlsx'
  | 'password-xlsx'
  | 'missing-shared-string'
  | 'unclosed-quote'
  | 'line-too-long';

/** File errors are thrown: these build them. */
export const fileErrors = {
  unsupportedType(fileName: string): FileError {
    const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
    if (ext === 'xls') {
      return new FileError(
        'UNSUPPORTED_FILE_TYPE',
        `Berkas "${fileName}" berformat Excel lama (.xls). Buka di Excel, pilih File → Simpan Sebagai → "Excel Workbook (*.xlsx)", lalu unggah berkas .xlsx tersebut.`,
        `"${fileName}" is an old Excel file (.xls). Open it in Excel, choose File → Save As → "Excel Workbook (*.xlsx)", and upload the .xlsx file.`,
      );
    }
    return new FileError(
      'UNSUPPORTED_FILE_TYPE',
      `Jenis berkas "${fileName}" tidak didukung. Unggah berkas Excel (.xlsx) atau CSV (.csv); gunakan templat dari Disnakertrans.`,
      `File type of "${fileName}" is not supported. Upload an Excel (.xlsx) or CSV (.csv) file; use the template.`,
    );
  },

  tooLarge(bytes: number, max: number): FileError {
    return new FileError(
      'FILE_TOO_LARGE',
      `Berkas lebih besar dari batas ${mb(max)} MB (sudah terbaca ${mb(bytes)} MB). Bagi daftar menjadi beberapa berkas.`,
      `The file is larger than the ${mb(max)} MB limit (${mb(bytes)} MB read so far). Split the list into several files.`,
    );
  },

  /** An XLSX that would unpack to far more than its size (a zip bomb, or a damaged size field). */
  inflatesTooMuch(uncompressed: number, maxUncompressed: number, ratio?: number): FileError {
    const why = ratio
      ? { id: `${Math.round(ratio)} kali ukurannya`, en: `${Math.round(ratio)} times its size` }
      : {
          id: `${mb(uncompressed)} MB (batas ${mb(maxUncompressed)} MB)`,
          en: `${mb(uncompressed)} MB (limit ${mb(maxUncompressed)} MB)`,
        };
    return new FileError(
      'FILE_TOO_LARGE',
      `Isi berkas Excel ini membesar menjadi ${why.id} saat dibuka, jauh melebihi daftar pekerja biasa. Buka di Excel, hapus lembar atau isi yang tidak perlu, simpan ulang, lalu unggah; atau bagi daftar menjadi beberapa berkas.`,
      `This Excel file unpacks to ${why.en}, far beyond a worker list. Open it in Excel, remove sheets or content that are not needed, save it again and re-upload; or split the list into several files.`,
    );
  },

  empty(kind: 'no-bytes' | 'no-rows' | 'header-only'): FileError {
    switch (kind) {
      case 'no-bytes':
        return new FileError(
          'EMPTY_FILE',
          'Berkas kosong (0 byte). Periksa berkas yang diunggah dan unggah ulang.',
          'The file is empty (0 bytes). Check the file and upload it again.',
        );
      case 'no-rows':
        return new FileError(
          'EMPTY_FILE',
          'Berkas tidak berisi data. Isi daftar pekerja pada templat lalu unggah ulang.',
          'The file holds no data. Fill in the worker list in the template and upload again.',
        );
      case 'header-only':
        return new FileError(
          'EMPTY_FILE',
          'Berkas hanya berisi baris judul kolom, tanpa data pekerja. Isi data pekerja di bawah judul kolom lalu unggah ulang.',
          'The file has the column headers but no worker rows. Add the workers below the headers and upload again.',
        );
    }
  },

  missingColumns(missing: string[], headerRow?: number): FileError {
    const list = missing.map((m) => `"${m}"`).join(', ');
    const where = headerRow ? ` (baris judul kolom: baris ${headerRow})` : '';
    const whereEn = headerRow ? ` (header row: row ${headerRow})` : '';
    return new FileError(
      'MISSING_COLUMNS',
      `Kolom wajib tidak ditemukan: ${list}${where}. Tambahkan kolom tersebut dengan judul yang sama seperti di templat.`,
      `Required columns not found: ${list}${whereEn}. Add them with the same headers as in the template.`,
    );
  },

  unreadable(reason: UnreadableReason, detail?: { row?: number }): FileError {
    const m: Record<UnreadableReason, Message> = {
      binary: {
        id: 'Berkas tidak bisa dibaca sebagai teks CSV (berisi data biner). Simpan ulang dari Excel sebagai "CSV UTF-8" atau "Excel Workbook (.xlsx)".',
        en: 'The file cannot be read as CSV text (it contains binary data). Save it again from Excel as "CSV UTF-8" or "Excel Workbook (.xlsx)".',
      },
      'zip-in-csv': {
        id: 'Berkas bernama .csv tetapi isinya berkas Excel (.xlsx). Ganti akhiran nama berkas menjadi .xlsx, atau simpan ulang sebagai CSV.',
        en: 'The file is named .csv but holds an Excel workbook (.xlsx). Rename it to .xlsx or save it again as CSV.',
      },
      'xls-in-csv': {
        id: 'Berkas bernama .csv tetapi isinya Excel lama (.xls). Buka di Excel lalu simpan sebagai "Excel Workbook (.xlsx)".',
        en: 'The file is named .csv but holds an old Excel (.xls) workbook. Open it in Excel and save it as "Excel Workbook (.xlsx)".',
      },
      pdf: {
        id: 'Berkas berisi PDF, bukan daftar Excel/CSV. Unggah daftar pekerja dalam templat Excel (.xlsx).',
        en: 'The file is a PDF, not an Excel/CSV list. Upload the worker list in the Excel template (.xlsx).',
      },
      image: {
        id: 'Berkas berisi gambar, bukan daftar Excel/CSV. Unggah daftar pekerja dalam templat Excel (.xlsx).',
        en: 'The file is an image, not an Excel/CSV list. Upload the worker list in the Excel template (.xlsx).',
      },
      'not-xlsx': {
        id: 'Berkas bernama .xlsx tetapi bukan berkas Excel yang sah. Buka di Excel dan simpan ulang sebagai "Excel Workbook (.xlsx)".',
        en: 'The file is named .xlsx but is not a valid Excel workbook. Open it in Excel and save it again as "Excel Workbook (.xlsx)".',
      },
      'xls-in-xlsx': {
        id: 'Berkas bernama .xlsx tetapi isinya Excel lama (.xls). Buka di Excel lalu Simpan Sebagai "Excel Workbook (.xlsx)".',
        en: 'The file is named .xlsx but holds an old Excel (.xls) workbook. Open it in Excel and Save As "Excel Workbook (.xlsx)".',
      },
      'corrupt-xlsx': {
        id: 'Berkas Excel rusak atau tidak lengkap (mungkin unggahan terputus). Buka di Excel, simpan ulang, lalu unggah lagi.',
        en: 'The Excel file is damaged or incomplete (the upload may have been cut off). Open it in Excel, save it again and re-upload.',
      },
      'password-xlsx': {
        id: 'Berkas Excel dilindungi kata sandi, sehingga isinya tidak bisa dibaca. Buka di Excel, hapus kata sandinya (File → Info → Protect Workbook → Encrypt with Password, kosongkan), simpan, lalu unggah ulang.',
        en: 'The Excel file is password-protected, so its contents cannot be read. Open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it), save and upload it again.',
      },
      'missing-shared-string': {
        id: `Berkas Excel menunjuk teks yang tidak ada di dalam berkas (sekitar baris ${detail?.row ?? '?'}); berkas rusak atau dibuat oleh aplikasi yang tidak lengkap. Buka di Excel, simpan ulang sebagai "Excel Workbook (.xlsx)", lalu unggah lagi.`,
        en: `The Excel file refers to text it does not contain (around row ${detail?.row ?? '?'}); it is damaged or was written by an incomplete application. Open it in Excel, save it again as "Excel Workbook (.xlsx)" and re-upload.`,
      },
      'line-too-long': {
        id: `Baris ${detail?.row ?? '?'} terlalu panjang (lebih dari 1 juta karakter) untuk sebuah baris data pekerja: mungkin pemisah baris hilang atau berkas bukan daftar pekerja. Simpan ulang dari Excel sebagai CSV, atau unggah berkas .xlsx.`,
        en: `Row ${detail?.row ?? '?'} is too long (over 1 million characters) for a worker's row: line breaks may be missing or the file is not a worker list. Save it again from Excel as CSV, or upload the .xlsx file.`,
      },
      'unclosed-quote': {
        id: `Tanda kutip (") yang dibuka di sekitar baris ${detail?.row ?? '?'} tidak pernah ditutup, sehingga baris-baris berikutnya tidak bisa dipisahkan. Perbaiki tanda kutip itu atau simpan ulang dari Excel sebagai CSV.`,
        en: `A quote (") opened around row ${detail?.row ?? '?'} is never closed, so the following rows cannot be separated. Fix that quote or save the file again from Excel as CSV.`,
      },
    };
    return new FileError('UNREADABLE_FILE', m[reason].id, m[reason].en);
  },
};
