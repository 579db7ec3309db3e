/**
 * Streaming CSV reader: bytes → rows of strings, in batches, with Excel row numbers.
 *
 * - Encoding: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM (or without, when every other byte is NUL);
 *   bytes that are not valid UTF-8 are read as Windows-1252, each on its own (TextDecoderChain).
 * - Delimiter `,` `;` tab or `|`: the one under which a header row is recognised, else the most regular one.
 * - Binary content (NUL bytes, ZIP/PDF/PNG/OLE magic) → UNREADABLE_FILE.
 * - Parsing by papaparse's core parser, fed chunk by chunk (no whole-file string; memory is one chunk plus
 *   the partial last line).
 */
import { isAscii } from 'node:buffer';
import Papa from 'papaparse';
import { HEADER_SCAN_ROWS, matchHeaderRow } from './columns.ts';
import { fileErrors } from './messages.ts';

/** Consecutive records: `rows[i]` is Excel row `first + i` (1-based). */
export interface CsvBatch {
  first: number;
  rows: string[][];
}

type Encoding = 'utf8' | 'utf16le' | 'utf16be';

const SNIFF_BYTES = 4096;
const SAMPLE_CHARS = 64 * 1024;
/** A record longer than this is an unclosed quote swallowing the file, or a line without breaks: not data. */
const MAX_RECORD_CHARS = 1024 * 1024;
/**
 * Text is parsed about this much at a time (a 64 KB read is cut in four): the strings of a piece's rows
 * are validated while they are still in the CPU cache, which makes the validation of a row markedly cheaper.
 */
const PIECE_CHARS = 16 * 1024;

/**
 * A chunk with any non-ASCII byte is decoded a group of whole lines (about this many bytes) at a time: the
 * ASCII groups as one-byte strings, only the groups with other characters through the UTF-8 decoder. One
 * en dash (U+2013) would otherwise make the whole chunk a two-byte string, every cell cut from it too, and
 * parsing and checking those is markedly slower (a million-row file with one such character in 80 rows:
 * 1.53 s → 1.46 s for `lindung validate`; plain papaparse reads it 0.53 s without the dashes, 0.81 s with).
 */
const LINE_GROUP_BYTES = 2048;

/** A decoded chunk in pieces of PIECE_CHARS (the last one up to 1.5 times that). */
function* piecesOf(text: string): Generator<string> {
  let from = 0;
  while (text.length - from > PIECE_CHARS * 1.5) {
    yield text.slice(from, from + PIECE_CHARS);
    from += PIECE_CHARS;
  }
  yield from === 0 ? text : text.slice(from);
}

function startsWith(buf: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => buf[i] === b);
}

/** Reads a few KB, recognises BOMs and non-text files. */
function sniff(head: Uint8Array): { encoding: Encoding; skip: number } {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf8', skip: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf16le', skip: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf16be', skip: 2 };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) throw fileErrors.unreadable('zip-in-csv');
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) throw fileErrors.unreadable('xls-in-csv');
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) throw fileErrors.unreadable('pdf');
  if (
    startsWith(head, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(head, [0xff, 0xd8, 0xff]) ||
    startsWith(head, [0x47, 0x49, 0x46, 0x38])
  ) {
    throw fileErrors.unreadable('image');
  }
  // UTF-16 without BOM: text where every other byte is NUL.
  const pairs = Math.floor(Math.min(head.length, 512) / 2);
  if (pairs >= 4) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenNul++;
      if (head[2 * i + 1] === 0) oddNul++;
    }
    if (oddNul >= pairs * 0.9 && evenNul === 0) return { encoding: 'utf16le', skip: 0 };
    if (evenNul >= pairs * 0.9 && oddNul === 0) return { encoding: 'utf16be', skip: 0 };
  }
  return { encoding: 'utf8', skip: 0 };
}

/**
 * Decodes chunks. UTF-8 text stays UTF-8; a byte that is not part of a valid UTF-8 sequence is read as
 * Windows-1252 (old Excel on Windows), that byte alone: a Windows-1252 file reads as Windows-1252, and one
 * stray byte in a UTF-8 file never re-decodes the valid UTF-8 around it ("Ñoman Şahin" stays so).
 */
class TextDecoderChain {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private carry: Uint8Array | undefined;
  /** UTF-16 through Node's own decoder (streaming: a character split between chunks is kept for the next). */
  private readonly utf16: InstanceType<typeof TextDecoder> | undefined;

  constructor(encoding: Encoding) {
    if (encoding !== 'utf8') this.utf16 = new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be');
  }

  /** The text of a chunk, in one or more strings (see LINE_GROUP_BYTES); a sequence cut at the end waits. */
  write(chunk: Uint8Array): string[] {
    if (this.utf16) return [this.utf16.decode(chunk, { stream: true })];
    if (chunk.indexOf(0) !== -1) throw fileErrors.unreadable('binary');
    let buf = chunk;
    if (this.carry) {
      buf = new Uint8Array(this.carry.length + chunk.length);
      buf.set(this.carry, 0);
      buf.set(chunk, this.carry.length);
      this.carry = undefined;
    } else if (isAscii(chunk)) {
      // ASCII reads the same in UTF-8 and Latin-1; Latin-1 makes the one-byte string directly.
      return [Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1')];
    }
    const cut = completeUtf8Prefix(buf);
    if (cut < buf.length) this.carry = buf.slice(cut);
    const complete = Buffer.from(buf.buffer, buf.byteOffset, cut);
    const out: string[] = [];
    let run = 0;
    let pos = 0;
    while (pos < cut) {
      let end = pos + LINE_GROUP_BYTES;
      if (end >= cut) end = cut;
      else {
        const newline = complete.lastIndexOf(10, end - 1);
        if (newline >= pos) end = newline + 1;
        else {
          const next = complete.indexOf(10, end);
          end = next === -1 ? cut : next + 1;
        }
      }
      const group = complete.subarray(pos, end);
      if (!isAscii(group)) {
        if (pos > run) out.push(complete.toString('latin1', run, pos));
        out.push(this.decodeUtf8(group));
        run = end;
      }
      pos = end;
    }
    if (cut > run) out.push(complete.toString('latin1', run, cut));
    return out;
  }

  private decodeUtf8(bytes: Uint8Array): string {
    try {
      return this.utf8.decode(bytes);
    } catch {
      return decodeMixed(bytes, this.utf8);
    }
  }

  end(): string {
    if (this.utf16) return this.utf16.decode();
    const carry = this.carry;
    this.carry = undefined;
    return carry ? decodeMixed(carry, this.utf8) : '';
  }
}

/**
 * Windows-1252 characters of the bytes 0x80–0xFF: 0x80–0x9F as the code page has them (U+FFFD for its five
 * unassigned bytes), 0xA0–0xFF as in Latin-1. Written out: Node's TextDecoder('windows-1252') decodes as
 * Latin-1, and a codec package would be loaded on every start for these 32 characters.
 */
const WIN1252_HIGH: readonly string[] = [
  ...'€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ',
  ...Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)),
];

/** Bytes of the valid UTF-8 sequence starting at `i` (a non-ASCII lead byte), or 0 when there is none. */
function utf8SequenceAt(buf: Uint8Array, i: number): number {
  const b = buf[i] as number;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const c = buf[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const ok = cont(1, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf) && cont(2);
    return ok ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const ok = cont(1, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf) && cont(2) && cont(3);
    return ok ? 4 : 0;
  }
  return 0;
}

/** Valid UTF-8 sequences as UTF-8, every other byte as its Windows-1252 character. */
export function decodeMixed(
  buf: Uint8Array,
  utf8: { decode(bytes: Uint8Array): string } = new TextDecoder('utf-8'),
): string {
  let out = '';
  let start = 0;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    const length = utf8SequenceAt(buf, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += utf8.decode(buf.subarray(start, i)) + WIN1252_HIGH[b - 0x80];
    i += 1;
    start = i;
  }
  return out + utf8.decode(buf.subarray(start));
}

/** Length of the longest prefix that does not end inside a UTF-8 multi-byte sequence. */
function completeUtf8Prefix(buf: Uint8Array): number {
  const len = buf.length;
  for (let back = 1; back <= Math.min(3, len); back++) {
    const b = buf[len - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (b < 0x80) return len;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return back >= need ? len : len - back;
  }
  return len;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

function detectNewline(sample: string): '\r\n' | '\n' | '\r' {
  const i = sample.search(/[\r\n]/);
  if (i === -1) return '\n';
  if (sample[i] === '\n') return '\n';
  return sample[i + 1] === '\n' ? '\r\n' : '\r';
}

/** The delimiter under which the sample has the best header row; ties and no-header files: the most regular. */
export function detectDelimiter(sample: string, newline: '\r\n' | '\n' | '\r', complete: boolean): string {
  let best: { delimiter: string; score: number; regularity: number } = {
    delimiter: ',',
    score: -1,
    regularity: -1,
  };
  for (const delimiter of DELIMITERS) {
    const parser = new Papa.Parser({ delimiter, newline, preview: HEADER_SCAN_ROWS * 2 });
    const rows = (parser.parse(sample, 0, !complete) as { data: string[][] }).data.filter(
      (r) => r.length > 1 || (r[0] ?? '').trim() !== '',
    );
    let score = 0;
    for (const r of rows.slice(0, HEADER_SCAN_ROWS)) score = Math.max(score, matchHeaderRow(r).matched);
    const counts = new Map<number, number>();
    for (const r of rows) if (r.length > 1) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let regularity = 0;
    for (const [width, count] of counts) regularity = Math.max(regularity, count * Math.min(width, 20));
    if (score > best.score || (score === best.score && regularity > best.regularity)) {
      best = { delimiter, score, regularity };
    }
  }
  return best.delimiter;
}

/** Bytes → batches of rows. Blank rows are included (callers skip them) so row numbers stay right. */
export async function* readCsvRows(source: AsyncIterable<Uint8Array>): AsyncGenerator<CsvBatch> {
  const iterator = source[Symbol.asyncIterator]();
  // 1. Sniff the first bytes.
  const headChunks: Uint8Array[] = [];
  let headLength = 0;
  let done = false;
  while (headLength < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    headChunks.push(next.value);
    headLength += next.value.length;
  }
  if (headLength === 0) throw fileErrors.empty('no-bytes');
  const head = Buffer.concat(headChunks);
  const { encoding, skip } = sniff(head);
  const decoder = new TextDecoderChain(encoding);

  async function* texts(): AsyncGenerator<string> {
    for (const text of decoder.write(skip > 0 ? head.subarray(skip) : head)) yield* piecesOf(text);
    while (!done) {
      const next = await iterator.next();
      if (next.done) break;
      if (next.value.length > 0) for (const text of decoder.write(next.value)) yield* piecesOf(text);
    }
    const last = decoder.end();
    if (last) yield last;
  }

  // 2. Gather a text sample to find the newline and the delimiter.
  const textIterator = texts();
  let pending = '';
  let textDone = false;
  while (pending.length < SAMPLE_CHARS) {
    const next = await textIterator.next();
    if (next.done) {
      textDone = true;
      break;
    }
    pending += next.value;
  }
  if (pending.trim() === '' && textDone) throw fileErrors.empty('no-rows');
  const newline = detectNewline(pending);
  const delimiter = detectDelimiter(pending, newline, textDone);
  const parser = new Papa.Parser({ delimiter, newline });

  // 3. Parse chunk by chunk, keeping the partial last record for the next chunk.
  let rowNumber = 0;
  const toBatch = (data: string[][]): CsvBatch => {
    const batch = { first: rowNumber + 1, rows: data };
    rowNumber += data.length;
    return batch;
  };
  for (;;) {
    let finished = textDone;
    if (!finished) {
      const next = await textIterator.next();
      if (next.done) finished = true;
      else pending += next.value;
    }
    const result = parser.parse(pending, 0, !finished) as {
      data: string[][];
      errors: Array<{ code: string; row: number }>;
      meta: { cursor: number };
    };
    if (finished) {
      if (result.errors.some((e) => e.code === 'MissingQuotes')) {
        throw fileErrors.unreadable('unclosed-quote', { row: rowNumber + result.data.length });
      }
      if (result.data.length > 0) yield toBatch(result.data);
      return;
    }
    pending = pending.slice(result.meta.cursor);
    if (pending.length > MAX_RECORD_CHARS) {
      // Without any quote the record is one over-long line (no line breaks), not a quote left open.
      const reason = pending.includes('"') ? 'unclosed-quote' : 'line-too-long';
      throw fileErrors.unreadable(reason, { row: rowNumber + result.data.length + 1 });
    }
    if (result.data.length > 0) yield toBatch(result.data);
  }
}
