/**
 * Streaming XLSX reader: bytes → sheets → batches of typed cells with their Excel row numbers.
 *
 * The package (zip) is read through its central directory (xlsx-package.ts), so the parts are taken in the
 * order the workbook needs them — relationships, workbook, shared strings, then each sheet — whatever order
 * the writing application stored them in. The XML is parsed by saxes (SAX, no DOM, no entity expansion).
 * Formulas give their cached result, rich text its plain text, error cells their code (#N/A). Date-formatted
 * cells arrive as numbers (serials): styles are not read; the date rule reads serials, counted from 1904 when
 * the workbook says so. Hidden sheets are skipped. A text cell pointing at a shared string the workbook does
 * not hold is a damaged file (UNREADABLE_FILE), never a blank cell.
 *
 * Memory: the shared-strings table (every distinct text of the workbook) and one parsed chunk of rows; the
 * package itself is a temporary file, bounded by the file-size and inflate limits.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { Cell } from './fields.ts';
import { fileErrors } from './messages.ts';
import { FileError } from './types.ts';
import {
  DEFAULT_INFLATE_LIMITS,
  type InflateLimits,
  openXlsxPackage,
  type XlsxPackage,
} from './xlsx-package.ts';

/** Rows of a sheet: `rows[i]` is Excel row `numbers[i]` (empty rows are absent from a sheet). */
/** `date1904`: the workbook counts serial dates from 1904 (old Mac Excel), not 1900. */
export type XlsxEvent =
  | { type: 'sheet'; name: string; date1904: boolean }
  | { type: 'rows'; rows: Cell[][]; numbers: number[] };

const BATCH_ROWS = 256;

/**
 * Yields `{type:'sheet'}` at the start of each visible worksheet, then its rows in batches.
 * Stop iterating early to skip the rest of the workbook: the package is then closed and removed.
 */
export async function* readXlsxRows(
  source: AsyncIterable<Uint8Array>,
  limits: InflateLimits = DEFAULT_INFLATE_LIMITS,
): AsyncGenerator<XlsxEvent> {
  const pkg = await openXlsxPackage(source, limits);
  try {
    const workbookPart = await officeDocument(pkg);
    const workbook = await readWorkbook(pkg, workbookPart);
    const strings = workbook.sharedStrings ? await readSharedStrings(pkg, workbook.sharedStrings) : [];
    let sheets = 0;
    for (const sheet of workbook.sheets) {
      if (!pkg.has(sheet.part)) continue;
      sheets += 1;
      if (sheet.hidden) continue;
      yield { type: 'sheet', name: sheet.name, date1904: workbook.date1904 };
      yield* sheetRows(pkg, sheet.part, strings);
    }
    if (sheets === 0) throw fileErrors.unreadable('not-xlsx');
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw fileErrors.unreadable('corrupt-xlsx');
  } finally {
    await pkg.close();
  }
}

// ---- Package structure: _rels/.rels → workbook → its relationships.

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** A relationship target, relative to the part that names it (or absolute from the package root). */
export function resolvePart(from: string, target: string): string {
  const parts = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Parses a whole (small) part with the given handlers. */
async function parsePart(
  pkg: XlsxPackage,
  part: string,
  handlers: {
    open?: (tag: SaxesTagPlain) => void;
    close?: (name: string) => void;
    text?: (t: string) => void;
  },
): Promise<void> {
  for await (const _ of parseChunks(await pkg.open(part), handlers)) {
    // a whole (small) part: nothing to hand out between chunks
  }
}

interface Relationship {
  type: string;
  target: string;
}

async function relationships(pkg: XlsxPackage, part: string): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  const relsPart = relsPartOf(part);
  if (!pkg.has(relsPart)) return rels;
  await parsePart(pkg, relsPart, {
    open(tag) {
      if (localName(tag.name) !== 'Relationship') return;
      const { Id, Type, Target, TargetMode } = tag.attributes;
      if (Id && Target && TargetMode !== 'External') {
        rels.set(Id, { type: Type ?? '', target: resolvePart(part, Target) });
      }
    },
  });
  return rels;
}

async function officeDocument(pkg: XlsxPackage): Promise<string> {
  const root = await relationships(pkg, '');
  for (const rel of root.values()) if (rel.type.endsWith('/officeDocument')) return rel.target;
  if (pkg.has('xl/workbook.xml')) return 'xl/workbook.xml';
  throw fileErrors.unreadable('not-xlsx');
}

interface WorkbookInfo {
  date1904: boolean;
  sharedStrings?: string;
  sheets: Array<{ name: string; hidden: boolean; part: string }>;
}

async function readWorkbook(pkg: XlsxPackage, part: string): Promise<WorkbookInfo> {
  if (!pkg.has(part)) throw fileErrors.unreadable('not-xlsx');
  const rels = await relationships(pkg, part);
  const info: WorkbookInfo = { date1904: false, sheets: [] };
  await parsePart(pkg, part, {
    open(tag) {
      const name = localName(tag.name);
      if (name === 'workbookPr') {
        const v = tag.attributes.date1904;
        info.date1904 = v === '1' || v === 'true';
      } else if (name === 'sheet') {
        const relId = Object.entries(tag.attributes).find(([k]) => k.endsWith(':id'))?.[1];
        const rel = relId ? rels.get(relId) : undefined;
        if (!rel) return;
        const state = tag.attributes.state;
        info.sheets.push({
          name: tag.attributes.name ?? '',
          hidden: state === 'hidden' || state === 'veryHidden',
          part: rel.target,
        });
      }
    },
  });
  for (const rel of rels.values()) if (rel.type.endsWith('/sharedStrings')) info.sharedStrings = rel.target;
  return info;
}

/** Every `<si>` as its plain text: the `<t>` runs, without phonetic (`<rPh>`) runs. */
async function readSharedStrings(pkg: XlsxPackage, part: string): Promise<string[]> {
  if (!pkg.has(part)) return [];
  const strings: string[] = [];
  let text = '';
  let inT = false;
  let phonetic = 0;
  await parsePart(pkg, part, {
    open(tag) {
      const name = localName(tag.name);
      if (name === 'si') text = '';
      else if (name === 't') inT = true;
      else if (name === 'rPh') phonetic += 1;
    },
    close(name) {
      const n = localName(name);
      if (n === 'si') strings.push(text);
      else if (n === 't') inT = false;
      else if (n === 'rPh') phonetic -= 1;
    },
    text(t) {
      if (inT && phonetic === 0) text += t;
    },
  });
  return strings;
}

// ---- Sheets.

/** `B12` → column index 1. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n - 1;
}

class SheetState {
  rows: Cell[][] = [];
  numbers: number[] = [];
  private cells: Cell[] = [];
  private rowNumber = 0;
  private col = -1;
  private type = 'n';
  private value = '';
  private inValue = false;
  private inInline = false;
  private phonetic = 0;

  constructor(private readonly strings: readonly string[]) {}

  open(tag: SaxesTagPlain): void {
    switch (localName(tag.name)) {
      case 'row': {
        const r = Number(tag.attributes.r);
        this.rowNumber = Number.isInteger(r) && r > 0 ? r : this.rowNumber + 1;
        this.cells = [];
        this.col = -1;
        break;
      }
      case 'c': {
        const ref = tag.attributes.r;
        this.col = ref ? columnOf(ref) : this.col + 1;
        this.type = tag.attributes.t ?? 'n';
        this.value = '';
        break;
      }
      case 'v':
        this.inValue = true;
        break;
      case 't':
        this.inInline = this.type === 'inlineStr';
        break;
      case 'rPh':
        this.phonetic += 1;
        break;
    }
  }

  close(name: string): void {
    switch (localName(name)) {
      case 'v':
        this.inValue = false;
        break;
      case 't':
        this.inInline = false;
        break;
      case 'rPh':
        this.phonetic -= 1;
        break;
      case 'c':
        if (this.col >= 0) {
          while (this.cells.length < this.col) this.cells.push(null);
          this.cells[this.col] = this.cellValue();
        }
        break;
      case 'row':
        this.rows.push(this.cells);
        this.numbers.push(this.rowNumber);
        break;
    }
  }

  text(t: string): void {
    if (this.inValue || (this.inInline && this.phonetic === 0)) this.value += t;
  }

  private cellValue(): Cell {
    const v = this.value;
    switch (this.type) {
      case 's': {
        if (v === '') return null;
        const text = this.strings[Number(v)];
        if (text === undefined) throw fileErrors.unreadable('missing-shared-string', { row: this.rowNumber });
        return text;
      }
      case 'inlineStr':
      case 'str':
      case 'e':
        return v;
      case 'b':
        return v === '' ? null : v === '1' || v === 'true';
      case 'd': {
        const date = new Date(v);
        return Number.isNaN(date.getTime()) ? v : date;
      }
      default: {
        if (v === '') return null;
        const n = Number(v);
        return Number.isNaN(n) ? v : n;
      }
    }
  }
}

async function* sheetRows(
  pkg: XlsxPackage,
  part: string,
  strings: readonly string[],
): AsyncGenerator<XlsxEvent> {
  const state = new SheetState(strings);
  const batches: XlsxEvent[] = [];
  const take = () => {
    if (state.rows.length === 0) return;
    batches.push({ type: 'rows', rows: state.rows, numbers: state.numbers });
    state.rows = [];
    state.numbers = [];
  };
  const stream = await pkg.open(part);
  const chunks = parseChunks(stream, {
    open: (tag) => state.open(tag),
    close: (name) => state.close(name),
    text: (t) => state.text(t),
  });
  try {
    for await (const _ of chunks) {
      if (state.rows.length >= BATCH_ROWS) take();
      while (batches.length > 0) yield batches.shift() as XlsxEvent;
    }
    take();
    while (batches.length > 0) yield batches.shift() as XlsxEvent;
  } finally {
    stream.destroy();
  }
}

type Handlers = {
  open?: (tag: SaxesTagPlain) => void;
  close?: (name: string) => void;
  text?: (t: string) => void;
};

function parser(handlers: Handlers): SaxesParser {
  const p = new SaxesParser({ xmlns: false, position: false });
  if (handlers.open) p.on('opentag', handlers.open);
  if (handlers.close) {
    const close = handlers.close;
    p.on('closetag', (tag) => close(tag.name));
  }
  if (handlers.text) {
    p.on('text', handlers.text);
    p.on('cdata', handlers.text);
  }
  p.on('error', (error) => {
    throw error;
  });
  return p;
}

/** Feeds an entry to the parser chunk by chunk, yielding after each chunk (the caller takes the rows). */
async function* parseChunks(stream: Readable, handlers: Handlers): AsyncGenerator<void> {
  const p = parser(handlers);
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream) {
    p.write(decoder.write(chunk as Buffer));
    yield;
  }
  p.write(decoder.end());
  p.close();
  yield;
}
