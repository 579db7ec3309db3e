/** The XLSX attachment: one sheet per report table, numbers as numbers (Rupiah formatted, not text). */
import ExcelJS from 'exceljs';
import { neutralise } from '../validation/error-report.ts';
import type { PeriodicReport } from './model.ts';
import { reportTables } from './tables.ts';

export async function reportXlsx(report: PeriodicReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'lindung';
  workbook.created = new Date(report.generatedAt);
  for (const table of reportTables(report)) {
    // Printed, a sheet fits the page's width (the office prints these for meetings), headings on every page.
    const sheet = workbook.addWorksheet(table.sheet, {
      pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    sheet.pageSetup.printTitlesRow = '1:2';
    sheet.addRow([`${table.title} — ${report.regency.name}, ${report.periodLabel}`]).font = { bold: true };
    const header = sheet.addRow(table.columns.map((c) => c.header));
    header.font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((v) => (typeof v === 'string' ? neutralise(v) : v)));
    table.columns.forEach((col, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = Math.min(
        60,
        Math.max(12, col.header.length + 2, ...table.rows.map((r) => String(r[i] ?? '').length + 2)),
      );
      if (col.kind === 'rupiah') column.numFmt = '"Rp" #,##0';
      else if (col.kind === 'count') column.numFmt = '#,##0';
    });
    sheet.views = [{ state: 'frozen', ySplit: 2 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
