/**
 * Synthetic worker lists for demos, tests and benchmarks, written as CSV or XLSX (the rows come from
 * sample-rows.ts). Streams: a 1,000,000-row file is written without holding the rows.
 */
import { createWriteStream } from 'node:fs';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { regencyConfig } from '../shared/regency-config.ts';
import { loadRegionDirectory, type RegionDirectory } from './regions.ts';
import {
  type InjectedCode,
  SAMPLE_HEADERS,
  type SampleCell,
  type SampleOptions,
  type SampleRow,
  sampleRows,
} from './sample-rows.ts';

function csvCell(value: SampleCell, delimiter: string): string {
  if (value === null) return '';
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function resolveRegions(options: SampleOptions): Promise<RegionDirectory> {
  return options.regions ?? (await loadRegionDirectory(options.regencyCode ?? regencyConfig.regency.code));
}

type RowHook = (row: SampleRow) => void;

async function* csvChunks(options: SampleOptions, onRow?: RowHook): AsyncGenerator<string> {
  const regions = await resolveRegions(options);
  const d = options.delimiter ?? ',';
  let buffer = `${SAMPLE_HEADERS.join(d)}\r\n`;
  for (const row of sampleRows({ ...options, regions })) {
    onRow?.(row);
    const { cells } = row;
    buffer += `${cells.map((c) => csvCell(c, d)).join(d)}\r\n`;
    if (buffer.length >= 64 * 1024) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/** Writes an XLSX sample with exceljs's streaming writer, letting the output drain as it goes. */
async function writeXlsx(options: SampleOptions, out: Writable, onRow?: RowHook): Promise<void> {
  const regions = await resolveRegions(options);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    // Like Excel: texts in a shared-strings table written after the sheet, so readers meet that order.
    useSharedStrings: options.sharedStrings ?? options.rows <= 100_000,
  });
  const sheet = workbook.addWorksheet('Data Pekerja');
  sheet.columns = SAMPLE_HEADERS.map((header, i) => ({
    header,
    width: i === 0 ? 20 : 18,
    ...(i === 0 ? { style: { numFmt: '@' } } : i === 2 ? { style: { numFmt: 'dd-mm-yyyy' } } : {}),
  }));
  let n = 0;
  for (const row of sampleRows({ ...options, regions })) {
    onRow?.(row);
    sheet.addRow(row.cells).commit();
    n += 1;
    if (n % 1000 === 0) {
      // Let the zip stream and the destination catch up before adding more rows.
      while (out.writableLength > out.writableHighWaterMark * 4) await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => setImmediate(r));
    }
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * The sample as a byte stream (CSV or XLSX): pipe it to a file, or feed it to validateRows directly.
 */
export function generateSample(options: SampleOptions): Readable {
  if ((options.format ?? 'csv') === 'csv') return Readable.from(csvChunks(options), { objectMode: false });
  const pass = new PassThrough({ highWaterMark: 1024 * 1024 });
  writeXlsx(options, pass).catch((error: unknown) => pass.destroy(error as Error));
  return pass;
}

/** Writes a sample file; returns the number of rows and how many errors were injected, by code. */
export async function writeSample(
  options: SampleOptions,
  path: string,
): Promise<{ rows: number; injected: Partial<Record<InjectedCode, number>> }> {
  const regions = await resolveRegions(options);
  const injected: Partial<Record<InjectedCode, number>> = {};
  const count: RowHook = (r) => {
    if (r.injected) injected[r.injected] = (injected[r.injected] ?? 0) + 1;
  };
  const out = createWriteStream(path);
  if ((options.format ?? 'csv') === 'xlsx') {
    await writeXlsx({ ...options, regions }, out, count);
  } else {
    for await (const chunk of csvChunks({ ...options, regions }, count)) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    out.end();
  }
  await finished(out);
  return { rows: options.rows, injected };
}
