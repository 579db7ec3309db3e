/**
 * errors.xlsx written as a stream: one sheet "Kesalahan" (bold frozen header, column widths, filters, inline
 * strings), zipped by fflate as the rows come, with backpressure on the output. exceljs's streaming writer
 * does not pass backpressure from its zip (archiver) to the rows, so a million-line report grew the process
 * by hundreds of MB and took a minute; this one stays flat.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { type AsyncFlateStreamHandler, Zip, ZipDeflate, type ZipInputFile } from 'fflate';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const SHEET = 'Kesalahan';

/** Characters XML 1.0 cannot hold (control characters, lone surrogates): dropped from cell text. */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what it removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function column(i: number): string {
  return String.fromCharCode(65 + i);
}

export interface XlsxColumn {
  header: string;
  width: number;
  /** Cells formatted as text (a NIK or value column keeps its digits when edited). */
  text?: boolean;
}

const encoder = new TextEncoder();
/** Sheet XML gathered before one deflate push. */
const PUSH_CHARS = 64 * 1024;

/**
 * A zip entry deflated by Node's zlib (native, several times faster than JavaScript deflate on a large
 * sheet): each pushed piece is compressed on its own and sync-flushed, the pieces together one deflate stream.
 */
class NativeDeflateEntry implements ZipInputFile {
  size = 0;
  crc = 0;
  readonly compression = 8;
  ondata: AsyncFlateStreamHandler = () => undefined;

  constructor(readonly filename: string) {}

  push(chunk: Uint8Array, final: boolean): void {
    this.size += chunk.length;
    this.crc = crc32(chunk, this.crc);
    const options = { level: 1, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH };
    this.ondata(null, deflateRawSync(chunk, options), final);
  }
}

export class XlsxReportWriter {
  private readonly zip: Zip;
  private readonly sheet: NativeDeflateEntry;
  private pending = '';
  private row = 1;
  private failure: Error | undefined;

  constructor(
    private readonly out: Writable,
    private readonly columns: readonly XlsxColumn[],
  ) {
    this.zip = new Zip((error, chunk, final) => {
      if (error) {
        this.failure = error;
        out.destroy(error);
        return;
      }
      out.write(chunk);
      if (final) out.end();
    });
    const last = column(columns.length - 1);
    const parts: Array<[string, string]> = [
      [
        '[Content_Types].xml',
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
      ],
      [
        '_rels/.rels',
        `${XML}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ],
      [
        'xl/workbook.xml',
        `${XML}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="${SHEET}" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">${SHEET}!$A$1:$${last}$1</definedName></definedNames></workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        `${XML}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
      ],
      // Styles: 0 plain, 1 bold (header), 2 text format "@" (numFmtId 49).
      [
        'xl/styles.xml',
        `${XML}<styleSheet xmlns="${NS}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
      ],
    ];
    for (const [name, xml] of parts) {
      const part = new ZipDeflate(name, { level: 6 });
      this.zip.add(part);
      part.push(encoder.encode(xml), true);
    }
    this.sheet = new NativeDeflateEntry('xl/worksheets/sheet1.xml');
    this.zip.add(this.sheet);
    const cols = columns
      .map(
        (c, i) =>
          `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"${c.text ? ' style="2"' : ''}/>`,
      )
      .join('');
    const header = columns
      .map((c, i) => `<c r="${column(i)}1" s="1" t="inlineStr"><is><t>${text(c.header)}</t></is></c>`)
      .join('');
    this.pending = `${XML}<worksheet xmlns="${NS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>${cols}</cols><sheetData><row r="1">${header}</row>`;
  }

  /** One row; a number is a number cell, null an empty cell, text an inline string. */
  addRow(values: ReadonlyArray<string | number | null>): Promise<void> | undefined {
    this.row += 1;
    const r = this.row;
    let cells = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      const at = ` r="${column(i)}${r}"${this.columns[i]?.text ? ' s="2"' : ''}`;
      if (typeof v === 'number') cells += `<c${at}><v>${v}</v></c>`;
      else cells += `<c${at} t="inlineStr"><is><t xml:space="preserve">${text(v)}</t></is></c>`;
    }
    this.pending += `<row r="${this.row}">${cells}</row>`;
    if (this.pending.length < PUSH_CHARS) return undefined;
    return this.push(false);
  }

  private async push(final: boolean): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = encoder.encode(this.pending);
    this.pending = '';
    this.sheet.push(chunk, final);
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }

  /** Closes the sheet and the zip; resolves once the output has taken everything. */
  async finish(): Promise<void> {
    const last = column(this.columns.length - 1);
    this.pending += `</sheetData><autoFilter ref="A1:${last}1"/></worksheet>`;
    const finished = once(this.out, 'finish');
    await this.push(true);
    this.zip.end();
    await finished;
  }
}
