/**
 * Streaming XLSX reader (exceljs WorkbookReader): bytes → sheets → batches of typed cells with their
 * Excel row numbers. Formulas give their cached result, rich text its plain text, error cells their code
 * (#N/A). Date-formatted cells arrive as numbers (serials): styles are not loaded, which keeps the reader
 * fast; the date rule reads serials, counted from 1904 when the workbook says so. Hidden sheets are skipped.
 *
 * Memory: exceljs keeps the shared-strings table in memory (every distinct text of the workbook), and
 * when a sheet comes before that table in the zip (as Excel writes it) the sheet XML is first copied to a
 * temporary file. Both are bounded by the file-size limit.
 */
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { Cell } from './fields.ts';
import { fileErrors } from './messages.ts';
import { FileError } from './types.ts';

/** Rows of a sheet: `rows[i]` is Excel row `numbers[i]` (empty rows are absent from a sheet). */
/** `date1904`: the workbook counts serial dates from 1904 (old Mac Excel), not 1900. */
export type XlsxEvent =
  | { type: 'sheet'; name: string; date1904: boolean }
  | { type: 'rows'; rows: Cell[][]; numbers: number[] };

interface RichTextRun {
  text?: string;
}

/** exceljs cell value → a plain cell value. */
export function plainCellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isNaN(value) ? null : value;
    case 'object': {
      if (value instanceof Date) return value;
      const v = value as Record<string, unknown>;
      if ('result' in v) return plainCellValue(v.result);
      if (Array.isArray(v.richText)) return (v.richText as RichTextRun[]).map((r) => r.text ?? '').join('');
      if (typeof v.text === 'string') return v.text;
      if (typeof v.error === 'string') return v.error;
      return null;
    }
    default:
      return null;
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/** Reads the first bytes to tell a workbook from something else before exceljs sees it. */
async function* checkedBytes(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let first = true;
  for await (const chunk of source) {
    if (first && chunk.length > 0) {
      first = false;
      if (OLE_MAGIC.every((b, i) => chunk[i] === b)) throw fileErrors.unreadable('xls-in-xlsx');
      if (!ZIP_MAGIC.every((b, i) => chunk[i] === b || i >= chunk.length))
        throw fileErrors.unreadable('not-xlsx');
    }
    yield chunk;
  }
  if (first) throw fileErrors.empty('no-bytes');
}

/**
 * Yields `{type:'sheet'}` at the start of each visible worksheet, then its rows in batches.
 * Stop iterating early to skip the rest of the workbook: the input is then destroyed.
 */
export async function* readXlsxRows(source: AsyncIterable<Uint8Array>): AsyncGenerator<XlsxEvent> {
  // A failing source (size limit, magic bytes) must not be turned into a stream error: exceljs does not
  // forward errors from its input to the zip parser and would wait forever. The input just ends (the zip
  // is then incomplete) and the source's FileError is thrown once exceljs stops.
  let sourceError: unknown;
  const guarded = (async function* () {
    try {
      yield* checkedBytes(source);
    } catch (error) {
      sourceError = error;
    }
  })();
  // exceljs is loaded on first use: CSV-only processes (most uploads, the CLI) skip its ~0.5 s load.
  const { default: excel } = await import('exceljs');
  const input = Readable.from(guarded, { objectMode: false });
  const reader = new excel.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const worksheet of reader) {
      sheets += 1;
      const ws = worksheet as unknown as { name?: string; state?: string } & AsyncIterable<ExcelJS.Row>;
      const hidden = ws.state === 'hidden' || ws.state === 'veryHidden';
      // workbook.xml (with its date system) comes before the sheets in the package.
      const date1904 = (reader as { properties?: { model?: { date1904?: boolean } } }).properties?.model
        ?.date1904;
      if (!hidden) yield { type: 'sheet', name: ws.name ?? '', date1904: date1904 === true };
      let rows: Cell[][] = [];
      let numbers: number[] = [];
      for await (const row of ws) {
        if (hidden) continue;
        const values = row.values as unknown[];
        const cells: Cell[] = new Array(Math.max(values.length - 1, 0));
        for (let i = 1; i < values.length; i++) cells[i - 1] = plainCellValue(values[i]);
        rows.push(cells);
        numbers.push(row.number);
        if (rows.length >= 256) {
          yield { type: 'rows', rows, numbers };
          rows = [];
          numbers = [];
        }
      }
      if (rows.length > 0) yield { type: 'rows', rows, numbers };
      if (sourceError) break;
    }
  } catch (error) {
    if (sourceError instanceof FileError) throw sourceError;
    if (error instanceof FileError) throw error;
    throw fileErrors.unreadable('corrupt-xlsx');
  } finally {
    input.destroy();
  }
  if (sourceError) throw sourceError;
  if (sheets === 0) throw fileErrors.unreadable('not-xlsx');
}
