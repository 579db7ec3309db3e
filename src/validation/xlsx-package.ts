/**
 * The zip side of an XLSX upload: the bytes are spooled to a temporary file (bounded by the file-size limit),
 * then read by yauzl through the zip's central directory, so entries are found by name whatever order the
 * writing application put them in (Excel, LibreOffice, WPS Office, Google Sheets all differ).
 *
 * Zip bombs are refused before anything is inflated: the central directory's sizes are checked against a
 * total and a per-entry ratio limit, and yauzl checks every entry while inflating against its declared size
 * (a forged small size fails there). A password-protected workbook (an OLE container holding an
 * EncryptedPackage) is told apart from an old .xls.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, type Readable, Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { fileErrors } from './messages.ts';

export interface InflateLimits {
  /** Sum of the entries' uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Uncompressed / compressed size of one entry (entries of at least `ratioFloorBytes`). */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

/**
 * A 1,048,576-row sheet of ten text columns unpacks to well under 1 GB; real sheets compress 5–30 times.
 * A zip bomb unpacks hundreds or thousands of times its size.
 */
export const DEFAULT_INFLATE_LIMITS: InflateLimits = {
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 10_000,
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
/** "EncryptedPackage" as an OLE directory entry name (UTF-16LE): the stream of a password-protected OOXML. */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

export interface XlsxPackage {
  /** Entry names (as in the zip, '/'-separated). */
  has(name: string): boolean;
  /** The inflated bytes of an entry, streamed. */
  open(name: string): Promise<Readable>;
  /** Closes the zip and removes the temporary file. */
  close(): Promise<void>;
}

/** Spools the upload, checks what it is and what it would unpack to; throws FileError otherwise. */
export async function openXlsxPackage(
  source: AsyncIterable<Uint8Array>,
  limits: InflateLimits = DEFAULT_INFLATE_LIMITS,
): Promise<XlsxPackage> {
  const dir = await mkdtemp(join(tmpdir(), 'lindung-xlsx-'));
  const path = join(dir, 'upload.xlsx');
  try {
    await spool(source, path);
    const zip = await openZip(path);
    try {
      const entries = await readEntries(zip, limits);
      return {
        has: (name) => entries.has(name),
        open: (name) => {
          const entry = entries.get(name);
          if (!entry) return Promise.reject(fileErrors.unreadable('not-xlsx'));
          return openEntry(zip, entry);
        },
        close: async () => {
          zip.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      zip.close();
      throw error;
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function spool(source: AsyncIterable<Uint8Array>, path: string): Promise<void> {
  const out = createWriteStream(path);
  let kind: 'zip' | 'ole' | undefined;
  let encrypted = false;
  let tail = Buffer.alloc(0);
  try {
    for await (const chunk of source) {
      if (chunk.length === 0) continue;
      if (!kind) {
        if (OLE_MAGIC.every((b, i) => chunk[i] === b)) kind = 'ole';
        else if (ZIP_MAGIC.every((b, i) => chunk[i] === b || i >= chunk.length)) kind = 'zip';
        else throw fileErrors.unreadable('not-xlsx');
      }
      if (kind === 'ole') {
        // Not a zip at all: only look for the encrypted-package stream name, keep nothing.
        const window = Buffer.concat([tail, chunk]);
        if (window.includes(ENCRYPTED_PACKAGE)) encrypted = true;
        tail = window.subarray(Math.max(0, window.length - ENCRYPTED_PACKAGE.length));
        continue;
      }
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  } finally {
    out.end();
    await finished(out).catch(() => undefined);
  }
  if (!kind) throw fileErrors.empty('no-bytes');
  if (kind === 'ole') throw fileErrors.unreadable(encrypted ? 'password-xlsx' : 'xls-in-xlsx');
}

/** Inflated output per chunk: larger than zlib's 16 KB default, far fewer round trips to the thread pool. */
const INFLATE_CHUNK = 256 * 1024;

/**
 * An entry's inflated bytes. Inflated here rather than by yauzl, in larger chunks; like yauzl's
 * validateEntrySizes, more bytes than the entry states (a forged size) stop the stream with an error.
 */
function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, { decompress: false }, (error, raw) => {
      if (error || !raw) {
        reject(error ?? new Error('no stream'));
        return;
      }
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        raw.destroy();
        reject(fileErrors.unreadable('corrupt-xlsx'));
        return;
      }
      let inflated = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          inflated += chunk.length;
          if (inflated > entry.uncompressedSize) done(fileErrors.unreadable('corrupt-xlsx'));
          else done(null, chunk);
        },
      });
      const stages: Array<NodeJS.ReadableStream | NodeJS.WritableStream> =
        entry.compressionMethod === 8
          ? [raw, createInflateRaw({ chunkSize: INFLATE_CHUNK }), limit]
          : [raw, limit];
      pipeline(stages, () => undefined); // an error surfaces from `limit`, which the reader iterates
      resolve(limit);
    }),
  );
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true },
      (error, zip) => (error || !zip ? reject(fileErrors.unreadable('corrupt-xlsx')) : resolve(zip)),
    ),
  );
}

function readEntries(zip: yauzl.ZipFile, limits: InflateLimits): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    let total = 0;
    if (zip.entryCount > limits.maxEntries) {
      reject(fileErrors.unreadable('not-xlsx'));
      return;
    }
    zip.on('error', () => reject(fileErrors.unreadable('corrupt-xlsx')));
    zip.on('end', () => resolve(entries));
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      if (total > limits.maxUncompressedBytes) {
        reject(fileErrors.inflatesTooMuch(total, limits.maxUncompressedBytes));
        return;
      }
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (entry.uncompressedSize >= limits.ratioFloorBytes && ratio > limits.maxRatio) {
        reject(fileErrors.inflatesTooMuch(entry.uncompressedSize, limits.maxUncompressedBytes, ratio));
        return;
      }
      entries.set(entry.fileName.replace(/\\/g, '/').replace(/^\//, ''), entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
}
