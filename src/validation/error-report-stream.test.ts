import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { errorReportCsv, REPORT_COLUMNS } from './error-report.ts';
import { ErrorReportStream } from './error-report-stream.ts';
import type { RowIssue } from './types.ts';

const issue = (row: number): RowIssue => ({
  row,
  column: 'Nama Lengkap',
  code: 'INVALID_NAME',
  severity: 'error',
  value: row % 2 ? '=1+1' : 'Siti',
  message: `Nama di baris ${row} tidak valid.`,
  messageEn: `Name in row ${row} is not valid.`,
});

async function streamed(issues: RowIssue[]): Promise<{ csv: string; xlsx: Buffer }> {
  const csv = new PassThrough();
  const xlsx = new PassThrough();
  const collected = Promise.all([buffer(csv), buffer(xlsx)]);
  const report = new ErrorReportStream(csv, xlsx);
  for (const i of issues) await report.add(i);
  await report.finish();
  const [csvBytes, xlsxBytes] = await collected;
  return { csv: csvBytes.toString('utf8'), xlsx: xlsxBytes };
}

describe('ErrorReportStream', () => {
  it('writes the same errors.csv as the in-memory report, past several batches', async () => {
    const issues = Array.from({ length: 1000 }, (_, i) => issue(i + 2));
    const { csv } = await streamed(issues);
    expect(csv).toBe(errorReportCsv(issues));
  });

  it('writes errors.xlsx with the header, every line and neutralised formulas', async () => {
    const issues = Array.from({ length: 600 }, (_, i) => issue(i + 2));
    const { xlsx } = await streamed(issues);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Kesalahan');
    expect(sheet?.getRow(1).values).toEqual([undefined, ...REPORT_COLUMNS]);
    expect(sheet?.rowCount).toBe(601);
    expect(sheet?.getRow(2).getCell(1).value).toBe(2);
    expect(sheet?.getRow(3).getCell(3).value).toBe("'=1+1");
    expect(sheet?.getRow(601).getCell(7).value).toBe('Name in row 601 is not valid.');
  });

  it('drops characters XML cannot hold (a control character from an uploaded cell) instead of a broken file', async () => {
    const { xlsx } = await streamed([{ ...issue(2), value: 'Siti\u0001\u001fAminah' }]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Kesalahan')?.getRow(2).getCell(3).value).toBe('SitiAminah');
  });

  it('writes a header-only report when there is no issue', async () => {
    const { csv } = await streamed([]);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(1);
  });
});
