/**
 * A zip-bomb workbook for the bench: a real workbook whose one sheet inflates to `inflated` bytes from a few
 * MB (the same 16 MB deflate block, fully flushed, repeated). `lie`: the zip states a small uncompressed size
 * for the sheet, as a forged bomb would, so only checking while inflating can catch it.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

interface Entry {
  name: string;
  data: Buffer[];
  crc: number;
  size: number;
  statedSize: number;
}

function small(name: string, text: string): Entry {
  const raw = Buffer.from(text);
  return { name, data: [deflateRawSync(raw)], crc: crc32(raw), size: raw.length, statedSize: raw.length };
}

function bombSheet(inflated: number, lie: boolean): Entry {
  const row = '<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>';
  const block = Buffer.from(row.repeat(Math.floor((16 * 1024 * 1024) / row.length)));
  const head = Buffer.from(`<worksheet xmlns="${NS}"><sheetData>`);
  const tail = Buffer.from('</sheetData></worksheet>');
  const copies = Math.max(1, Math.floor((inflated - head.length - tail.length) / block.length));
  const flushed = { finishFlush: constants.Z_FULL_FLUSH };
  const blockDeflated = deflateRawSync(block, flushed);
  const data = [deflateRawSync(head, flushed)];
  let crc = crc32(head);
  for (let i = 0; i < copies; i++) {
    data.push(blockDeflated);
    crc = crc32(block, crc);
  }
  data.push(deflateRawSync(tail)); // the final block
  crc = crc32(tail, crc);
  const size = head.length + copies * block.length + tail.length;
  return { name: 'xl/worksheets/sheet1.xml', data, crc, size, statedSize: lie ? 10_000 : size };
}

export function zipBombWorkbook(inflated: number, lie = false): Buffer {
  const entries = [
    small(
      '[Content_Types].xml',
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    ),
    small(
      '_rels/.rels',
      `<Relationships xmlns="${PKG}"><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    small(
      'xl/workbook.xml',
      `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="A" sheetId="1" r:id="r1"/></sheets></workbook>`,
    ),
    small(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="${PKG}"><Relationship Id="r1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    bombSheet(inflated, lie),
  ];
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const compressed = e.data.reduce((n, b) => n + b.length, 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(compressed, 18);
    local.writeUInt32LE(e.statedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(0x21, 14);
    dir.writeUInt32LE(e.crc >>> 0, 16);
    dir.writeUInt32LE(compressed, 20);
    dir.writeUInt32LE(e.statedSize, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, ...e.data);
    central.push(dir, name);
    offset += 30 + name.length + compressed;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
