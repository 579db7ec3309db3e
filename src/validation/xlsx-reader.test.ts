import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LAYOUTS, type Layout, layoutWorkbook } from '../../test/fixtures/validation/xlsx-layouts.ts';
import { zipBombWorkbook } from '../../test/fixtures/validation/zip-bomb.ts';
import { bytesOf, kutaiTimur, RULES, run, runFixture, SANGATTA_UTARA } from './test-helpers.ts';
import { validateFile } from './validate-rows.ts';
import { resolvePart } from './xlsx-reader.ts';

const layouts = Object.keys(LAYOUTS) as Layout[];

describe('XLSX reader: zip entry orders of real applications', () => {
  // Each workbook read 20 times at once: the parallel load under which exceljs lost the shared strings.
  it.each(layouts.flatMap((layout) => [1, 3].map((sheets) => [layout, sheets] as const)))(
    '%s layout, %i sheet(s): every row read, 20 concurrent runs, 5 and 5,000 rows',
    async (layout, sheets) => {
      const regions = await kutaiTimur();
      for (const rows of [5, 5000]) {
        const workbook = layoutWorkbook({ layout, rows, sheets: sheets as 1 | 3 });
        const runs = await Promise.all(
          Array.from({ length: 20 }, () =>
            validateFile(bytesOf(workbook, 16 * 1024), 'daftar.xlsx', {
              uploader: SANGATTA_UTARA,
              rules: RULES,
              regions,
            }),
          ),
        );
        for (const summary of runs) expect(summary).toMatchObject({ rows, valid: rows, rejected: 0 });
      }
    },
    120_000,
  );

  it('reads a workbook saved by LibreOffice Calc 7.4 (shared strings after the sheet) with every worker', async () => {
    const { results, error } = await runFixture('libreoffice-7.4.xlsx');
    expect(error).toBeUndefined();
    expect(results.map((r) => (r.kind === 'valid' ? r.worker.name : r.issues.map((i) => i.code)))).toEqual([
      'Siti Aminah',
      'Budi Santoso',
      'Yohanes Lung, S.Pd',
      "Nur'aini Daeng Matasa",
    ]);
  });

  it('skips the hidden sheet: its workers are not read', async () => {
    const { results } = await run(
      bytesOf(layoutWorkbook({ layout: 'excel', rows: 4, sheets: 3 })),
      'daftar.xlsx',
      SANGATTA_UTARA,
    );
    expect(results.map((r) => (r.kind === 'valid' ? r.worker.row : -1))).toEqual([2, 3, 4, 5]);
    expect(results.every((r) => r.kind === 'valid' && r.worker.name !== '')).toBe(true);
  });

  it('refuses a text cell whose shared string the workbook lacks instead of reading it as blank', async () => {
    const xml = (s: string) => new TextEncoder().encode(`<?xml version="1.0"?>${s}`);
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const workbook = zipSync({
      'xl/workbook.xml': xml(
        `<workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="A" sheetId="1" r:id="r1"/></sheets></workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="r2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
      'xl/worksheets/sheet1.xml': xml(
        `<worksheet ${ns}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>7</v></c></row></sheetData></worksheet>`,
      ),
      'xl/sharedStrings.xml': xml(`<sst ${ns}><si><t>NIK</t></si></sst>`),
    });
    const { error } = await run(bytesOf(workbook), 'rusak.xlsx');
    expect(error?.code).toBe('UNREADABLE_FILE');
    expect(error?.messageEn).toMatch(/refers to text it does not contain \(around row 1\)/);
  });

  it('resolves relationship targets relative to their part, or from the root', () => {
    expect(resolvePart('xl/workbook.xml', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolvePart('xl/workbook.xml', '/xl/sharedStrings.xml')).toBe('xl/sharedStrings.xml');
    expect(resolvePart('xl/workbook.xml', '../customXml/item1.xml')).toBe('customXml/item1.xml');
    expect(resolvePart('', 'xl/workbook.xml')).toBe('xl/workbook.xml');
  });
});

describe('XLSX reader: hostile packages', () => {
  it('refuses a zip bomb from its declared sizes, before inflating it', async () => {
    // 64 MB of one repeated row compresses about 1,000 times.
    const row = '<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>';
    const sheet = new TextEncoder().encode(row.repeat(Math.ceil((64 * 1024 * 1024) / row.length)));
    const bomb = zipSync(
      { 'xl/worksheets/sheet1.xml': sheet, 'xl/workbook.xml': new Uint8Array(10) },
      { level: 9 },
    );
    const started = Date.now();
    const { error } = await run(bytesOf(bomb), 'bom.xlsx');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error?.code).toBe('FILE_TOO_LARGE');
    expect(error?.messageId).toMatch(/membesar menjadi \d+ kali ukurannya/);
    expect(error?.messageEn).toMatch(/unpacks to \d+ times its size/);
  });

  it('stops a bomb whose zip states a small size as soon as it inflates past it', async () => {
    const started = Date.now();
    const { error } = await run(bytesOf(zipBombWorkbook(256 * 1024 * 1024, true)), 'bom.xlsx');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error?.code).toBe('UNREADABLE_FILE');
  });

  it('tells a password-protected workbook (an encrypted OLE package) to remove the password', async () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    ole.set(Buffer.from('EncryptionInfo', 'utf16le'), 1024);
    ole.set(Buffer.from('EncryptedPackage', 'utf16le'), 1152);
    const { error } = await run(bytesOf(ole, 1100), 'sandi.xlsx');
    expect(error?.code).toBe('UNREADABLE_FILE');
    expect(error?.messageEn).toMatch(/password-protected.*remove the password/);
    expect(error?.messageId).toMatch(/kata sandi/);
  });

  it('still tells an old .xls named .xlsx to save it as .xlsx', async () => {
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    ole.set(Buffer.from('Workbook', 'utf16le'), 1024);
    const { error } = await run(bytesOf(ole), 'lama.xlsx');
    expect(error?.messageEn).toMatch(/old Excel \(\.xls\)/);
  });
});
