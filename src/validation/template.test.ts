import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildTemplate, DESA_SHEET, INSTRUCTIONS_SHEET, TEMPLATE_HEADERS } from './template.ts';
import { bytesOf, kutaiTimur, RULES, run, SANGATTA_UTARA } from './test-helpers.ts';

async function template(): Promise<{ buffer: Buffer; workbook: ExcelJS.Workbook }> {
  const buffer = await buildTemplate({ regions: await kutaiTimur(), rows: 200 });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return { buffer, workbook };
}

describe('XLSX template', () => {
  it('has the data sheet first, then instructions in Bahasa Indonesia and the desa list', async () => {
    const { workbook } = await template();
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Data Pekerja', INSTRUCTIONS_SHEET, DESA_SHEET]);
    const data = workbook.worksheets[0];
    expect(data?.getRow(1).values).toEqual([undefined, ...TEMPLATE_HEADERS]);
    const text = (workbook.getWorksheet(INSTRUCTIONS_SHEET)?.getColumn(1).values ?? []).join('\n');
    expect(text).toMatch(/NIK: 16 angka/);
    expect(text).toMatch(/Format|Teks/);
    expect(text).toMatch(/18 sampai 64 tahun/);
    expect(text).toMatch(/Open Database License \(ODbL\)/);
  });

  it('formats the NIK column as Text so Excel cannot turn NIKs into numbers', async () => {
    const { workbook } = await template();
    const data = workbook.worksheets[0];
    expect(data?.getColumn(1).numFmt).toBe('@');
    expect(data?.getCell('A2').numFmt).toBe('@');
  });

  it('offers drop-downs for gender (L/P) and for the 141 desa of the regency', async () => {
    const { workbook } = await template();
    const data = workbook.worksheets[0];
    expect(data?.getCell('D2').dataValidation).toMatchObject({ type: 'list', formulae: ['"L,P"'] });
    expect(data?.getCell('D201').dataValidation).toMatchObject({ type: 'list' });
    expect(data?.getCell('E2').dataValidation).toMatchObject({
      type: 'list',
      formulae: [`'${DESA_SHEET}'!$C$2:$C$142`],
    });
    const list = workbook.getWorksheet(DESA_SHEET);
    expect(list?.rowCount).toBe(142);
    expect(list?.getCell('C2').value).toBe('6408012001 - Senyiur');
  });

  it('is rejected as empty when sent back unfilled, and accepted once filled in with drop-down values', async () => {
    const { buffer, workbook } = await template();
    const blank = await run(bytesOf(buffer), 'template-pekerja-rentan.xlsx', SANGATTA_UTARA);
    expect(blank.error?.code).toBe('EMPTY_FILE');

    const row = workbook.worksheets[0]?.getRow(2);
    if (row) {
      row.values = [
        '6408045708900001',
        'Siti Aminah',
        '17-08-1990',
        'P',
        '6408042001 - Sangatta Utara',
        'Petani',
        '081234567890',
      ];
    }
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const { results, error } = await run(bytesOf(filled), 'daftar.xlsx', SANGATTA_UTARA, RULES);
    expect(error).toBeUndefined();
    expect(results).toMatchObject([
      { kind: 'valid', worker: { row: 2, desa: '6408042001', phone: '+6281234567890' } },
    ]);
  });
});
