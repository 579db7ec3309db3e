import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  CSV_HEADER,
  csvLine,
  errorReportCsv,
  errorReportXlsx,
  fileErrorLine,
  issueFromCsvFields,
  issueLine,
  neutralise,
  REPORT_COLUMNS,
} from './error-report.ts';
import { FileError, type RowIssue } from './types.ts';

const ISSUES: RowIssue[] = [
  {
    row: 5,
    column: 'NIK',
    code: 'NIK_EXCEL_MANGLED',
    severity: 'error',
    value: '6408**********00',
    message: 'NIK "6408**********00" telah diubah Excel, format kolom sebagai Teks.',
    messageEn: 'Excel turned NIK "6408**********00" into a number; format the column as Text.',
  },
  {
    row: 7,
    column: 'Nama Lengkap',
    code: 'INVALID_NAME',
    severity: 'error',
    value: '=HYPERLINK("http://x","klik")',
    message: 'Nama diawali tanda =, isi nama sesuai KTP.',
    messageEn: 'Name starts with =; write the name as on the ID card.',
  },
  {
    row: 9,
    column: 'No HP',
    code: 'INVALID_PHONE',
    severity: 'warning',
    value: '+1 555 0100',
    message: 'No HP bukan nomor seluler Indonesia.',
    messageEn: 'Not an Indonesian mobile number.',
  },
];

describe('errors.csv', () => {
  it('lists one line per issue under bilingual headers, UTF-8 with BOM for Excel', () => {
    const csv = errorReportCsv(ISSUES);
    expect(
      csv.startsWith('\uFEFFBaris/Row,Kolom/Column,Nilai/Value,Kode/Code,Tingkat/Severity,Pesan,Message\r\n'),
    ).toBe(true);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      '5,NIK,6408**********00,NIK_EXCEL_MANGLED,error (ditolak),"NIK ""6408**********00"" telah diubah Excel, format kolom sebagai Teks.","Excel turned NIK ""6408**********00"" into a number; format the column as Text."',
    );
    expect(lines[3]).toMatch(/^9,No HP,'\+1 555 0100,INVALID_PHONE,peringatan\/warning,/);
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(errorReportCsv(ISSUES).split('\r\n')[2]).toMatch(
      /^7,Nama Lengkap,"'=HYPERLINK\(""http:\/\/x"",""klik""\)",INVALID_NAME/,
    );
    expect(neutralise('=1+1')).toBe("'=1+1");
    expect(neutralise('+62')).toBe("'+62");
    expect(neutralise('-5')).toBe("'-5");
    expect(neutralise('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralise('Siti')).toBe('Siti');
  });

  it('writes a file error as a one-line report', () => {
    const error = new FileError(
      'MISSING_COLUMNS',
      'Kolom wajib tidak ditemukan: "NIK".',
      'Required columns not found: "NIK".',
    );
    const lines = errorReportCsv(error).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(
      ',,,MISSING_COLUMNS,error (ditolak),"Kolom wajib tidak ditemukan: ""NIK"".","Required columns not found: ""NIK""."',
    );
    const stored = {
      uploadId: 'u1',
      fileError: { code: 'EMPTY_FILE' as const, message: 'Berkas kosong.', messageEn: 'Empty.' },
      issues: [],
    };
    expect(errorReportCsv(stored).trimEnd().split('\r\n')[1]).toBe(
      ',,,EMPTY_FILE,error (ditolak),Berkas kosong.,Empty.',
    );
  });
});

describe('errors.xlsx', () => {
  it('holds the same lines in a sheet with a header row', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await errorReportXlsx({ issues: ISSUES })) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Kesalahan');
    expect(sheet?.getRow(1).values).toEqual([undefined, ...REPORT_COLUMNS]);
    expect(sheet?.rowCount).toBe(4);
    expect(sheet?.getRow(2).values).toEqual([
      undefined,
      5,
      'NIK',
      '6408**********00',
      'NIK_EXCEL_MANGLED',
      'error (ditolak)',
      ISSUES[0]?.message,
      ISSUES[0]?.messageEn,
    ]);
    expect(sheet?.getCell('C3').value).toBe('\'=HYPERLINK("http://x","klik")');
  });

  it('writes a file error as one line', async () => {
    const workbook = new ExcelJS.Workbook();
    const error = new FileError('EMPTY_FILE', 'Berkas kosong.', 'Empty file.');
    await workbook.xlsx.load((await errorReportXlsx(error)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Kesalahan');
    expect(sheet?.rowCount).toBe(2);
    expect(sheet?.getRow(2).getCell(4).value).toBe('EMPTY_FILE');
  });
});

describe('errors.csv read back', () => {
  it('gives each issue line back as written, formula guard removed; header and file-error lines give nothing', () => {
    const issue: RowIssue = {
      row: 12,
      column: 'Nama',
      value: '=HYPERLINK("x")',
      code: 'INVALID_NAME',
      severity: 'error',
      message: '=nama tidak sah, "Budi"',
      messageEn: 'invalid name',
    };
    const parsed = Papa.parse<string[]>(CSV_HEADER + csvLine(issueLine(issue)), {
      skipEmptyLines: true,
    }).data;
    expect(parsed.map(issueFromCsvFields)).toEqual([
      undefined,
      {
        row: 12,
        column: 'Nama',
        code: 'INVALID_NAME',
        severity: 'error',
        message: '=nama tidak sah, "Budi"',
        messageEn: 'invalid name',
      },
    ]);
    const fileError = { code: 'EMPTY_FILE', message: 'kosong', messageEn: 'empty' } as const;
    expect(issueFromCsvFields(fileErrorLine(fileError).map(String))).toBeUndefined();
  });
});
