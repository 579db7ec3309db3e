import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADER, RULE_ROWS } from '../../test/fixtures/validation/fixture-data.ts';
import { buildRegionDirectory } from './regions.ts';
import {
  AGENCY,
  bytesOf,
  codesOf,
  fixture,
  kutaiTimur,
  RULES,
  run,
  runFixture,
  SANGATTA_UTARA,
} from './test-helpers.ts';
import type { RowResult, WorkerRow } from './types.ts';
import { validateFile, validateRows } from './validate-rows.ts';

const SITI: Omit<WorkerRow, 'row'> = {
  nik: '6408045708900001',
  name: 'Siti Aminah',
  birthDate: '1990-08-17',
  gender: 'P',
  desa: '6408042001',
  kecamatan: '640804',
  occupation: 'Petani',
  phone: '+6281234567890',
};
const BUDI: Omit<WorkerRow, 'row'> = {
  nik: '6408010501850002',
  name: 'Budi Santoso',
  birthDate: '1985-01-05',
  gender: 'L',
  desa: '6408012001',
  kecamatan: '640801',
  occupation: 'Nelayan',
};
const YOHANES: Omit<WorkerRow, 'row'> = {
  nik: '6408022902880003',
  name: 'Yohanes Lung, S.Pd',
  birthDate: '1988-02-29',
  gender: 'L',
  desa: '6408022003',
  kecamatan: '640802',
  occupation: 'Buruh Harian Lepas',
  phone: '+6285212345678',
};
const NURAINI: Omit<WorkerRow, 'row'> = {
  nik: '6408054112000004',
  name: "Nur'aini Daeng Matasa",
  birthDate: '2000-12-01',
  gender: 'P',
  desa: '6408052001',
  kecamatan: '640805',
  occupation: 'Pedagang',
  phone: '+628113456789',
};

const valid = (row: number, worker: Omit<WorkerRow, 'row'>): RowResult => ({
  kind: 'valid',
  worker: { row, ...worker },
  warnings: [],
});

const FOUR_WORKERS = [valid(2, SITI), valid(3, BUDI), valid(4, YOHANES), valid(5, NURAINI)];

describe('reading CSV files as agencies save them', () => {
  it.each([
    ['comma-utf8.csv', 'UTF-8 without BOM, comma, LF'],
    ['semicolon-bom-crlf.csv', 'UTF-8 with BOM, semicolon, CRLF (Excel "CSV UTF-8" in Indonesian locale)'],
    ['unicode-text-utf16le.txt', 'UTF-16 LE with BOM, tab-separated .txt (Excel "Unicode Text")'],
    ['utf16be-bom.csv', 'UTF-16 BE with BOM'],
  ])('reads every worker of %s (%s)', async (name) => {
    const { results, error } = await runFixture(name);
    expect(error).toBeUndefined();
    expect(results).toEqual(FOUR_WORKERS);
  });

  it('reads Windows-1252 files (old Excel on Windows) with their accented letters', async () => {
    const { results, error } = await runFixture('windows-1252.csv');
    expect(error).toBeUndefined();
    expect(results).toEqual([
      stripUndefined(valid(2, { ...SITI, name: 'Siti Aminah Dé Costa', phone: undefined })),
      valid(3, { ...BUDI, name: 'Budi Peña' }),
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', async () => {
    const { results } = await runFixture('quoted-fields.csv');
    expect(results[0]).toEqual(
      stripUndefined(
        valid(2, { ...SITI, name: 'Siti Aminah, A.Md', occupation: 'Petani Kebun Sawit', phone: undefined }),
      ),
    );
    // Quotes are not used in names: the parsed value shows the doubled quotes were read correctly.
    expect(results[1]).toMatchObject({
      kind: 'rejected',
      row: 3,
      issues: [{ code: 'INVALID_NAME', value: 'Budi "Ucok" Santoso', column: 'Nama Lengkap' }],
    });
  });

  it('finds the header below title rows and keeps Excel row numbers across blank rows', async () => {
    const { results, error } = await runFixture('title-rows.csv');
    expect(error).toBeUndefined();
    expect(results).toEqual([valid(6, SITI), valid(7, BUDI), valid(10, YOHANES)]);
  });

  it('recognises header aliases in any order and desa names instead of codes', async () => {
    const { results } = await runFixture('header-aliases.csv');
    expect(results).toEqual([stripUndefined(valid(2, { ...SITI, phone: undefined })), valid(3, BUDI)]);
  });

  it('reads the same rows whatever the chunk boundaries (multi-byte letters, CRLF and quotes split)', async () => {
    const regions = await kutaiTimur();
    for (const name of [
      'windows-1252.csv',
      'quoted-fields.csv',
      'semicolon-bom-crlf.csv',
      'unicode-text-utf16le.txt',
      'rules.csv',
    ]) {
      const data = await readFile(fixture(name));
      const whole = await run(bytesOf(data), name, AGENCY, RULES, regions);
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 97 }), async (size) => {
          const chunked = await run(bytesOf(data, size), name, AGENCY, RULES, regions);
          expect(chunked).toEqual(whole);
        }),
        { numRuns: 15 },
      );
    }
    const utf8 = Buffer.from(
      'NIK;Nama;Tgl Lahir;JK;Pekerjaan\n6408045708900001;Sité Ñur;17-08-1990;P;Petani\n',
    );
    const { results } = await run(bytesOf(utf8, 1), 'x.csv', SANGATTA_UTARA, RULES, regions);
    expect(results[0]).toMatchObject({ kind: 'valid', worker: { name: 'Sité Ñur' } });
  });
});

describe('reading XLSX files', () => {
  it('reads title rows over merged cells, date cells, serial dates, numbers, formulas and rich text', async () => {
    const { results, error } = await runFixture('title-merged-dates.xlsx');
    expect(error).toBeUndefined();
    expect(results).toEqual([
      valid(5, SITI),
      valid(6, BUDI),
      valid(7, { ...YOHANES, name: 'Yohanes Lung' }),
      stripUndefined(valid(9, { ...NURAINI, phone: undefined })),
    ]);
  });

  it('reads date serials of a workbook that counts from 1904 (old Mac Excel) as the same days', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('Daftar');
    ws.addRow(HEADER);
    ws.addRow([
      '6408045708900001',
      'Siti Aminah',
      new Date(Date.UTC(1990, 7, 17)),
      'P',
      '6408042001',
      'Petani',
      null,
    ]);
    ws.getCell('C2').numFmt = 'dd/mm/yyyy';
    // 31,640 days after 1 January 1904 is 17 August 1990 (the 1900 system would read 1986-08-16).
    ws.addRow(['6408045708900001', 'Siti Aminah', 31_640, 'P', '6408042001', 'Petani', null]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const { results, error } = await run(bytesOf(bytes), 'mac-1904.xlsx');
    expect(error).toBeUndefined();
    expect(results.map((r) => (r.kind === 'valid' ? r.worker.birthDate : codesOf(r)))).toEqual([
      '1990-08-17',
      ['DUPLICATE_IN_FILE'],
    ]);
  });

  it('rejects NIKs that Excel turned into numbers, and accepts an exact 16-digit number', async () => {
    const { results } = await runFixture('numeric-nik.xlsx');
    expect(results.map((r) => [r.kind === 'valid' ? r.worker.row : r.row, codesOf(r)])).toEqual([
      [2, ['NIK_EXCEL_MANGLED']],
      [3, ['NIK_EXCEL_MANGLED']],
      [4, []],
      [5, ['NIK_FORMAT']],
    ]);
    const first = results[0];
    expect(first?.kind === 'rejected' && first.issues[0]?.value).toBe('6408**********00');
    expect(first?.kind === 'rejected' && first.issues[0]?.message).toMatch(/Format Cells → Text/);
  });

  it('skips an instructions sheet and hidden sheets to find the list', async () => {
    const { results, error } = await runFixture('list-on-third-sheet.xlsx');
    expect(error).toBeUndefined();
    expect(results).toEqual([valid(2, SITI), valid(3, BUDI)]);
  });
});

describe('row rules', () => {
  for (const name of ['rules.csv', 'rules.xlsx']) {
    it(`reports exactly the expected codes for every row of ${name}`, async () => {
      const { results, error } = await runFixture(name);
      expect(error).toBeUndefined();
      expect(results).toHaveLength(RULE_ROWS.length);
      results.forEach((r, i) => {
        const expected = RULE_ROWS[i]?.expect ?? [];
        const row = r.kind === 'valid' ? r.worker.row : r.row;
        expect(row).toBe(i + 2);
        expect(codesOf(r), `row ${row}: ${RULE_ROWS[i]?.cells.join('|')}`).toEqual(expected);
        const rejects = expected.some((c) => c !== 'NIK_UNKNOWN_REGION' && c !== 'INVALID_PHONE');
        expect(r.kind).toBe(rejects ? 'rejected' : 'valid');
      });
    });
  }

  it('gives specific messages in Bahasa Indonesia and English, with the NIK masked', async () => {
    const { results } = await runFixture('rules.csv');
    const issues = results.flatMap((r) => (r.kind === 'valid' ? r.warnings : r.issues));
    for (const issue of issues) {
      expect(issue.message.length).toBeGreaterThan(20);
      expect(issue.messageEn.length).toBeGreaterThan(20);
      expect(`${issue.value} ${issue.message} ${issue.messageEn}`).not.toMatch(/\d{16}/);
      expect(issue.severity).toBe(
        issue.code === 'NIK_UNKNOWN_REGION' || issue.code === 'INVALID_PHONE' ? 'warning' : 'error',
      );
    }
    const byCode = (code: string) => issues.find((i) => i.code === code);
    expect(byCode('DUPLICATE_IN_FILE')).toMatchObject({ row: 26, column: 'NIK', value: '6408**********01' });
    expect(byCode('DUPLICATE_IN_FILE')?.message).toMatch(/baris 2\b/);
    expect(byCode('AGE_OUT_OF_RANGE')?.message).toBe(
      'Umur pekerja pada 01-01-2025 adalah 14 tahun; program ini untuk umur 18 sampai 64 tahun. Periksa tanggal lahir, atau hapus baris ini.',
    );
    expect(byCode('NIK_BIRTHDATE_MISMATCH')?.message).toMatch(/\(17-08-90\).*\(18-08-1990\)/);
    expect(byCode('INVALID_GENDER')).toMatchObject({ column: 'Jenis Kelamin', value: 'X' });
    expect(byCode('DESA_OUTSIDE_AGENCY')?.message).toMatch(/6472011001 berada di luar Kabupaten Kutai Timur/);
    expect(byCode('NIK_EXCEL_MANGLED')?.messageEn).toMatch(/Format the NIK column as Text/);
    expect(byCode('INELIGIBLE_OCCUPATION')?.message).toMatch(/"Pegawai Negeri Sipil" \(PNS\)/);
  });

  it('keeps employer, project and normalised values on valid rows', async () => {
    const { results } = await runFixture('rules.csv');
    const worker = (row: number) => results.find((r) => r.kind === 'valid' && r.worker.row === row);
    expect(worker(30)).toMatchObject({
      kind: 'valid',
      worker: { employer: { name: 'CV Sangatta Jaya', nib: '9120001234567', project: 'Jalan Poros' } },
    });
    expect(worker(7)).toMatchObject({ worker: { nik: '6408010501850013' } });
    expect(worker(31)).toMatchObject({
      worker: { desa: '6408042012', kecamatan: '640804', birthDate: '1990-03-12' },
    });
    expect(worker(32)).toMatchObject({ worker: { desa: '6408041010', gender: 'P' } });
    expect(worker(33)).toMatchObject({ worker: { desa: '6408042001', phone: '+6285212345678' } });
    expect(worker(29)).toMatchObject({
      kind: 'valid',
      warnings: [{ code: 'INVALID_PHONE', column: 'No HP', value: '12345' }],
    });
    const warned = worker(29);
    expect(warned?.kind === 'valid' && 'phone' in warned.worker).toBe(false);
  });

  it('applies a desa upload: an empty desa means the uploader, another desa is refused', async () => {
    const { results } = await runFixture('desa-upload.csv', SANGATTA_UTARA);
    expect(results.map((r) => [r.kind, codesOf(r), r.kind === 'valid' ? r.worker.desa : null])).toEqual([
      ['valid', [], '6408042001'],
      ['valid', [], '6408042001'],
      ['rejected', ['DESA_OUTSIDE_AGENCY'], null],
      ['valid', [], '6408042001'],
    ]);
    const refused = results[2];
    expect(refused?.kind === 'rejected' && refused.issues[0]?.message).toMatch(
      /Swarga Bara \(6408042012\), bukan di desa pengunggah, Sangatta Utara \(6408042001\)/,
    );
  });

  it('lets a desa upload leave out the desa column, but not an agency upload', async () => {
    const desa = await runFixture('no-desa-column.csv', SANGATTA_UTARA);
    expect(desa.results.map((r) => r.kind === 'valid' && r.worker.desa)).toEqual([
      '6408042001',
      '6408042001',
    ]);
    const agency = await runFixture('no-desa-column.csv', AGENCY);
    expect(agency.error?.code).toBe('MISSING_COLUMNS');
    expect(agency.error?.messageId).toMatch(/"Kode Desa"/);
  });

  it('asks for a code or a kecamatan when a desa name exists in several kecamatan', async () => {
    const regions = buildRegionDirectory('3501', {
      districts: '35.01.01,35.01,Alpha\n35.01.02,35.01,Beta\n',
      villages: '35.01.01.2001,35.01.01,Sidomulyo\n35.01.02.2001,35.01.02,Sidomulyo\n',
    });
    const rules = { ...RULES, regencyCode: '3501' };
    const csv = [
      'NIK,Nama,Tanggal Lahir,JK,Desa,Kecamatan,Pekerjaan',
      '3501011708900001,Budi,17-08-1990,L,Sidomulyo,,Petani',
      '3501011708900002,Agus,17-08-1990,L,Sidomulyo,Beta,Petani',
    ].join('\n');
    const { results } = await run(bytesOf(csv), 'x.csv', AGENCY, rules, regions);
    expect(results[0]).toMatchObject({ kind: 'rejected', issues: [{ code: 'UNKNOWN_DESA' }] });
    expect(results[0]?.kind === 'rejected' && results[0].issues[0]?.message).toMatch(
      /beberapa kecamatan \(Alpha, Beta\)/,
    );
    expect(results[1]).toMatchObject({ kind: 'valid', worker: { desa: '3501022001', kecamatan: '350102' } });
  });
});

describe('file errors', () => {
  it.each([
    ['empty.csv', 'EMPTY_FILE', /0 byte/],
    ['empty.xlsx', 'EMPTY_FILE', /0 byte/],
    ['header-only.csv', 'EMPTY_FILE', /hanya berisi baris judul kolom/],
    ['header-only.xlsx', 'EMPTY_FILE', /hanya berisi baris judul kolom/],
    ['blank-lines-only.csv', 'EMPTY_FILE', /tidak berisi data/],
    ['missing-columns.csv', 'MISSING_COLUMNS', /"Tanggal Lahir", "Pekerjaan" \(baris judul kolom: baris 1\)/],
    [
      'no-header.csv',
      'MISSING_COLUMNS',
      /"NIK", "Nama Lengkap", "Tanggal Lahir", "Jenis Kelamin", "Pekerjaan", "Kode Desa"/,
    ],
    ['binary-nul.csv', 'UNREADABLE_FILE', /data biner/],
    ['png-named.csv', 'UNREADABLE_FILE', /gambar/],
    ['unclosed-quote.csv', 'UNREADABLE_FILE', /Tanda kutip .* baris 4/],
    ['text-named.xlsx', 'UNREADABLE_FILE', /bukan berkas Excel yang sah/],
    ['zip-not-workbook.xlsx', 'UNREADABLE_FILE', /bukan berkas Excel yang sah/],
    ['truncated.xlsx', 'UNREADABLE_FILE', /rusak atau tidak lengkap/],
    ['corrupt.xlsx', 'UNREADABLE_FILE', /rusak atau tidak lengkap/],
    ['old-excel.xls', 'UNSUPPORTED_FILE_TYPE', /Simpan Sebagai → "Excel Workbook \(\*\.xlsx\)"/],
  ])('%s is rejected with %s', async (name, code, message) => {
    const { results, error } = await runFixture(name);
    expect(error?.code).toBe(code);
    expect(error?.messageId).toMatch(message);
    expect(error?.messageEn.length).toBeGreaterThan(20);
    expect(results).toEqual([]);
  });

  it('tells when a .csv file is really an Excel workbook, and reads UTF-16 text without a BOM', async () => {
    const workbook = await readFile(fixture('rules.xlsx'));
    const renamed = await run(bytesOf(workbook), 'daftar.csv');
    expect(renamed.error?.code).toBe('UNREADABLE_FILE');
    expect(renamed.error?.messageId).toMatch(/Ganti akhiran nama berkas menjadi \.xlsx/);

    const text = await readFile(fixture('comma-utf8.csv'), 'utf8');
    const { results, error } = await run(bytesOf(Buffer.from(text, 'utf16le')), 'daftar.csv');
    expect(error).toBeUndefined();
    expect(results).toEqual(FOUR_WORKERS);
  });

  it('refuses file types other than .xlsx and .csv before reading them', async () => {
    for (const name of ['daftar.pdf', 'daftar.ods', 'daftar', 'daftar.xlsx.zip']) {
      const { error } = await run(bytesOf('NIK,Nama'), name);
      expect(error?.code, name).toBe('UNSUPPORTED_FILE_TYPE');
      expect(error?.messageId).toMatch(/\.xlsx\) atau CSV/);
    }
  });

  it('stops with FILE_TOO_LARGE as soon as the byte count passes the limit, for CSV and XLSX', async () => {
    const small = { ...RULES, maxFileBytes: 1000 };
    for (const name of ['rules.csv', 'rules.xlsx']) {
      const { error } = await run(
        createReadStream(fixture(name), { highWaterMark: 256 }),
        name,
        AGENCY,
        small,
      );
      expect(error?.code, name).toBe('FILE_TOO_LARGE');
      expect(error?.messageId).toMatch(/batas 0\.0 MB/);
    }
  });

  it('reports a cut-off workbook as unreadable wherever it was cut, without hanging', async () => {
    const data = await readFile(fixture('rules.xlsx'));
    for (const fraction of [0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 0.999]) {
      const { error } = await run(
        bytesOf(data.subarray(0, Math.floor(data.length * fraction)), 512),
        'cut.xlsx',
      );
      expect(error?.code, String(fraction)).toBe('UNREADABLE_FILE');
    }
  });
});

describe('streaming', () => {
  it('lets the consumer stop early without waiting for the rest of the file', async () => {
    const regions = await kutaiTimur();
    for (const name of ['rules.csv', 'rules.xlsx']) {
      let seen = 0;
      for await (const _ of validateRows(createReadStream(fixture(name)), name, {
        uploader: AGENCY,
        rules: RULES,
        regions,
      })) {
        seen += 1;
        if (seen === 3) break;
      }
      expect(seen).toBe(3);
    }
  });

  it('summarises a file for the offline CLI', async () => {
    const regions = await kutaiTimur();
    const summary = await validateFile(createReadStream(fixture('rules.csv')), 'rules.csv', {
      uploader: AGENCY,
      rules: RULES,
      regions,
    });
    const rejected = RULE_ROWS.filter((r) =>
      r.expect.some((c) => c !== 'NIK_UNKNOWN_REGION' && c !== 'INVALID_PHONE'),
    ).length;
    expect(summary).toMatchObject({
      rows: RULE_ROWS.length,
      rejected,
      valid: RULE_ROWS.length - rejected,
      referred: 1,
      warnings: 2,
    });
    expect(summary.issues.map((i) => i.row)).toEqual(
      [...summary.issues.map((i) => i.row)].sort((a, b) => a - b),
    );
  });
});

/** Drops `phone: undefined` so an expectation reads like the staged JSON (absent fields are omitted). */
function stripUndefined(r: RowResult): RowResult {
  return JSON.parse(JSON.stringify(r)) as RowResult;
}
