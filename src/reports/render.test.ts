import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadRegionDirectory } from '../validation/regions.ts';
import { buildReport } from './build-report.ts';
import { CHART_HEIGHT, CHART_WIDTH, coverageChartPng, coverageChartSvg } from './chart.ts';
import { CHART_CID, reportHtml, reportSubject, reportText } from './mail.ts';
import { reportTables } from './tables.ts';
import { sampleSources } from './testing.ts';
import { reportXlsx } from './xlsx.ts';

const regions = await loadRegionDirectory('6408');
const report = await buildReport(sampleSources({ regions, covered: 75_000 }), {
  kind: 'monthly',
  asOf: '2026-12-01',
});

describe('the report as people read it', () => {
  it('the HTML shows the chart by Content-ID, id-ID numbers and Rupiah, and names every desa without data', () => {
    const html = reportHtml(report);
    expect(html).toContain(`src="cid:${CHART_CID}"`);
    expect(html).toContain('75.000');
    expect(html).toContain('Rp 30.240.000.000');
    for (const d of report.desaWithoutUploads) expect(html).toContain(d.name);
    expect(reportSubject(report)).toBe(
      'Laporan Bulanan Perlindungan Pekerja Rentan Kabupaten Kutai Timur — November 2026',
    );
    expect(reportText(report)).toContain(
      `Desa/kelurahan belum mengirim data: ${report.desaWithoutUploads.length} dari 141`,
    );
  });

  it("names the period's time zone as the regency's people know it", () => {
    expect(reportText(report)).toContain('Periode 1 November 2026 s.d. 30 November 2026 (WITA)');
    const jakarta = { ...report, timeZone: 'Asia/Jakarta' };
    expect(reportHtml(jakarta)).toContain('30 November 2026 (WIB).');
    expect(reportText({ ...report, timeZone: 'Asia/Jayapura' })).toContain('(WIT)');
  });

  it('the chart is a PNG at twice the SVG size, with its text drawn from the bundled font', async () => {
    const svg = coverageChartSvg(report);
    expect(svg).toContain('Pekerja terlindungi, program 2026');
    const png = Buffer.from(await coverageChartPng(report));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH * 2);
    expect(png.readUInt32BE(20)).toBe(CHART_HEIGHT * 2);
  });

  it('the XLSX has one sheet per table, numbers as numbers', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportXlsx(report)) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(reportTables(report).map((t) => t.sheet));
    const desa = book.getWorksheet('Desa');
    expect(desa?.rowCount).toBe(2 + 141);
    expect(typeof desa?.getRow(3).getCell(5).value).toBe('number');
    expect(book.getWorksheet('Anggaran')?.getRow(3).getCell(2).value).toBe(30_240_000_000);
  });
});
