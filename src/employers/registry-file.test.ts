import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FileError } from '../validation/types.ts';
import { importRegistry, registryReportCsv } from './import-registry.ts';
import { readRegistryFile } from './registry-file.ts';
import { memoryEmployerStore } from './testing.ts';

async function* bytes(text: string | Uint8Array): AsyncGenerator<Uint8Array> {
  yield typeof text === 'string' ? new TextEncoder().encode(text) : text;
}
const MAX = 10 * 1024 * 1024;

const CSV = [
  'Daftar Pemberi Kerja Kabupaten Kutai Timur',
  '',
  'NIB;Nama Perusahaan;E-mail;Alamat;Jenis;Nama Proyek;Pemilik Proyek',
  '1234567890123;PT Sawit Makmur Tbk;HRD@sawitmakmur.co.id;Jl. Poros 1;Perusahaan;;',
  ';CV Bangun Jaya;proyek@bangunjaya.id;;Proyek Konstruksi;Jalan Poros;Dinas PUPR',
  ';CV Bangun Jaya;proyek@bangunjaya.id;;Proyek Konstruksi;Jembatan Kenyamukan;Dinas PUPR',
  '12345;PT Salah NIB;a@b.id;;;;',
  ';PT Tanpa Email;;;;;',
  ';PT Email Salah;bukan-email;;;;',
  ';PT Jenis Aneh;x@y.id;;Warung;;',
  ';PT Konstruksi Tanpa Proyek;x@y.id;;Konstruksi;;',
  ';;x@y.id;;;;',
  '1234567890123;Sawit Makmur;kantor@sawitmakmur.co.id;;;;',
].join('\r\n');

describe('the employer registry file', () => {
  it('reads employers, merges projects and repeated rows, and reports row errors in Bahasa Indonesia', async () => {
    const parsed = await readRegistryFile(bytes(CSV), 'pemberi-kerja.csv', { maxBytes: MAX });
    expect(parsed.rows).toBe(10);
    expect(parsed.rejected).toBe(5);
    expect(parsed.employers.map((e) => [e.key, e.emails, e.type, e.projects.map((p) => p.name)])).toEqual([
      ['nib:1234567890123', ['hrd@sawitmakmur.co.id', 'kantor@sawitmakmur.co.id'], 'company', []],
      ['name:bangun jaya', ['proyek@bangunjaya.id'], 'construction', ['Jalan Poros', 'Jembatan Kenyamukan']],
      ['name:tanpa email', [], 'company', []],
    ]);
    expect(parsed.issues.map((i) => [i.row, i.column, i.code, i.severity])).toEqual([
      [7, 'NIB', 'INVALID_NIB', 'error'],
      [8, 'E-mail', 'NO_EMAIL', 'warning'],
      [9, 'E-mail', 'INVALID_EMAIL', 'error'],
      [10, 'Jenis', 'INVALID_TYPE', 'error'],
      [11, 'Nama Proyek', 'MISSING_FIELD', 'error'],
      [12, 'Nama Perusahaan', 'MISSING_FIELD', 'error'],
      [13, 'Nama Perusahaan', 'DUPLICATE_IN_FILE', 'warning'],
    ]);
    expect(parsed.issues[0]?.message).toContain('13 angka');
  });

  it('refuses files without the required columns, empty files and other file types', async () => {
    await expect(
      readRegistryFile(bytes('NIB,Nama Perusahaan\r\n1234567890123,PT A\r\n'), 'a.csv', { maxBytes: MAX }),
    ).rejects.toMatchObject({
      code: 'MISSING_COLUMNS',
    });
    await expect(readRegistryFile(bytes(''), 'a.csv', { maxBytes: MAX })).rejects.toBeInstanceOf(FileError);
    await expect(readRegistryFile(bytes('x'), 'a.pdf', { maxBytes: MAX })).rejects.toMatchObject({
      code: 'UNSUPPORTED_FILE_TYPE',
    });
    await expect(readRegistryFile(bytes('Nama,Email\r\n'), 'a.csv', { maxBytes: MAX })).rejects.toMatchObject(
      {
        code: 'EMPTY_FILE',
      },
    );
  });

  it('reads XLSX with a numeric NIB cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Pemberi Kerja');
    ws.addRow(['NIB', 'Nama Pemberi Kerja', 'Email', 'Jenis']);
    ws.addRow([1234567890123, 'PT Sawit Makmur', 'hrd@sawit.id', 'perusahaan']);
    const buffer = new Uint8Array(await wb.xlsx.writeBuffer());
    const parsed = await readRegistryFile(bytes(buffer), 'daftar.xlsx', { maxBytes: MAX });
    expect(parsed.employers.map((e) => e.key)).toEqual(['nib:1234567890123']);
  });

  it('imports into the store (twice changes nothing) and writes the report in the worker-upload layout', async () => {
    const store = memoryEmployerStore();
    const reports: string[] = [];
    const deps = {
      store,
      putReport: async (id: string, csv: string) => {
        reports.push(csv);
        return `reports/employers/${id}/errors.csv`;
      },
    };
    const first = await importRegistry(deps, bytes(CSV), 'pemberi-kerja.csv', {
      importId: 'i1',
      at: 'T',
      maxBytes: MAX,
    });
    expect(first.summary).toMatchObject({
      status: 'COMPLETED',
      rows: 10,
      rejected: 5,
      warnings: 2,
      employers: 3,
      created: 3,
    });
    expect(first.summary.errorsReportKey).toBe('reports/employers/i1/errors.csv');
    const again = await importRegistry(deps, bytes(CSV), 'pemberi-kerja.csv', {
      importId: 'i2',
      at: 'T',
      maxBytes: MAX,
    });
    expect(again.summary).toMatchObject({ created: 0, updated: 3 });
    expect(store.employers.size).toBe(3);
    expect(reports[0]?.split('\r\n')[0]).toBe(
      '\uFEFFBaris/Row,Kolom/Column,Nilai/Value,Kode/Code,Tingkat/Severity,Pesan,Message',
    );
    const rejected = await importRegistry(deps, bytes(''), 'kosong.csv', {
      importId: 'i3',
      at: 'T',
      maxBytes: MAX,
    });
    expect(rejected.summary).toMatchObject({ status: 'REJECTED', fileError: { code: 'EMPTY_FILE' } });
    expect(registryReportCsv([], { code: 'EMPTY_FILE', message: 'm', messageEn: 'e' })).toContain(
      'EMPTY_FILE',
    );
  });
});
