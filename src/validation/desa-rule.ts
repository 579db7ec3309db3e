/**
 * The desa column: a 10-digit or dotted Kemendagri code, "code - name", or a name (with the kecamatan column
 * when names repeat) → one desa of the regency; a desa upload's rows must be of that desa, and its rows may
 * leave the cell empty. The regency's own codes are read without hashing strings (the common cell).
 */
import { type Cell, cleanText, titleCase } from './fields.ts';
import { cellAt, type IssueSink, NO_COLUMN } from './issue-sink.ts';
import { rowMessages } from './messages.ts';
import { numberToDigits } from './nik.ts';
import { type Desa, normalizeDesaCode, type RegionDirectory } from './regions.ts';
import type { Uploader } from './types.ts';

/** A leading desa code, also when followed by its name ("6408042001 - Swarga Bara", the template's list). */
const LEADING_DESA_CODE = /^(\d{2}[.\s]?\d{2}[.\s]?\d{2}[.\s]?\d{4})(?:\s*[-–:|]\s*\S.*|\s+\S.*)?$/;

/** True when s[from..to) are ASCII digits. */
function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Ten digits, no regular expression: the common desa cell. */
function isTenDigits(s: string): boolean {
  return s.length === 10 && isDigits(s, 0, 10);
}

type DesaLookup =
  | { kind: 'found'; desa: Desa }
  | { kind: 'outside'; code: string }
  | { kind: 'unknown' }
  | { kind: 'ambiguous'; matches: Desa[] };

/** A desa cell (code, dotted code, "code - name", or name) against the regency's directory. */
function resolveDesa(regions: RegionDirectory, text: string, kecamatanText: string): DesaLookup {
  const codeMatch = LEADING_DESA_CODE.exec(text);
  const code = codeMatch?.[1] ? normalizeDesaCode(codeMatch[1]) : null;
  if (code) {
    const desa = regions.desaByCode(code);
    if (desa) return { kind: 'found', desa };
    if (!code.startsWith(regions.regencyCode) && regions.isKnownKecamatan(code.slice(0, 6)))
      return { kind: 'outside', code };
    return { kind: 'unknown' };
  }
  const matches = regions.findDesaByName(text, kecamatanText === '' ? undefined : kecamatanText);
  if (matches.length === 1 && matches[0]) return { kind: 'found', desa: matches[0] };
  if (matches.length > 1) return { kind: 'ambiguous', matches };
  return { kind: 'unknown' };
}

/** Where the desa and kecamatan cells are, and the desa column's name as written in the file. */
export interface DesaColumns {
  desa: number;
  kecamatan: number;
  desaName: string;
}

/** The desa rules of one file: keeps the lookups of distinct desa texts. */
export class DesaRule {
  private readonly desaCache = new Map<string, DesaLookup>();
  /** The regency's desa by the last 6 digits of their code (the first 4 are the regency's). */
  private readonly desaBySuffix = new Map<number, Desa>();
  private readonly regencyNumber: number;
  private readonly regencyLabel: string;
  /** A desa code of the regency, the example in messages. */
  private readonly exampleDesa: string;
  private readonly ownDesa: Desa | undefined;

  constructor(
    private readonly regions: RegionDirectory,
    private readonly uploader: Uploader,
    private readonly columns: DesaColumns,
    private readonly sink: IssueSink,
  ) {
    this.regencyLabel = regions.regencyName
      ? titleCase(regions.regencyName)
      : `kabupaten ${regions.regencyCode}`;
    this.exampleDesa = regions.listDesa()[0]?.code ?? `${regions.regencyCode}…`;
    this.ownDesa = uploader.kind === 'desa' ? regions.desaByCode(uploader.desa) : undefined;
    const regency = regions.regencyCode;
    this.regencyNumber = regency.length === 4 && isDigits(regency, 0, 4) ? Number(regency) : -1;
    if (this.regencyNumber >= 0) {
      for (const d of regions.listDesa()) {
        if (isTenDigits(d.code) && d.code.startsWith(regency))
          this.desaBySuffix.set(Number(d.code.slice(4)), d);
      }
    }
  }

  /**
   * The regency's desa named by a cell holding exactly its code, 10 digits or dotted as 64.08.04.2001
   * (what cleanText leaves as it is, and what the code lookup resolves to that desa); undefined otherwise.
   */
  private desaOfCodeText(s: string): Desa | undefined {
    let digits: number;
    if (s.length === 10) {
      digits = 0;
      for (let i = 0; i < 10; i++) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return undefined;
        digits = digits * 10 + d;
      }
    } else if (
      s.length === 13 &&
      s.charCodeAt(2) === 46 &&
      s.charCodeAt(5) === 46 &&
      s.charCodeAt(8) === 46
    ) {
      digits = 0;
      for (let i = 0; i < 13; i++) {
        if (i === 2 || i === 5 || i === 8) continue;
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return undefined;
        digits = digits * 10 + d;
      }
    } else return undefined;
    const suffix = digits % 1_000_000;
    if ((digits - suffix) / 1_000_000 !== this.regencyNumber) return undefined;
    return this.desaBySuffix.get(suffix);
  }

  /** `regions.desaByCode(text)` for a 10-digit text, without hashing the string for the regency's own codes. */
  private desaOfTenDigits(text: string): Desa | undefined {
    return this.desaOfCodeText(text) ?? this.regions.desaByCode(text);
  }

  /** The row's desa, or undefined after reporting why there is none. */
  check(cells: readonly Cell[]): Desa | undefined {
    const desaCell = cellAt(cells, this.columns.desa);
    if (typeof desaCell === 'string') {
      // The common cells, "6408042001" or "64.08.04.2001", of one of the regency's desa.
      const known = this.desaOfCodeText(desaCell);
      if (known) return this.desaOfUploader(known, desaCell);
    }
    const { uploader, sink } = this;
    const text = typeof desaCell === 'number' ? numberToDigits(desaCell) : cleanText(desaCell);
    if (text === '') {
      if (uploader.kind === 'desa') {
        if (this.ownDesa) return this.ownDesa;
        sink.add(
          'desa',
          'UNKNOWN_DESA',
          uploader.desa,
          rowMessages.unknownDesa(uploader.desa, this.regencyLabel, this.exampleDesa),
        );
        return undefined;
      }
      sink.add(
        'desa',
        'MISSING_FIELD',
        '',
        rowMessages.missingDesaForAgency(this.columns.desaName, this.exampleDesa),
      );
      return undefined;
    }

    let lookup: DesaLookup;
    const exact = isTenDigits(text) ? this.desaOfTenDigits(text) : undefined;
    if (exact) lookup = { kind: 'found', desa: exact };
    else {
      const kecamatanText =
        this.columns.kecamatan === NO_COLUMN ? '' : cleanText(cellAt(cells, this.columns.kecamatan));
      lookup = this.lookupDesa(text, kecamatanText);
    }
    let found: Desa | undefined;
    switch (lookup.kind) {
      case 'found':
        found = lookup.desa;
        break;
      case 'outside':
        sink.add(
          'desa',
          'DESA_OUTSIDE_AGENCY',
          text,
          rowMessages.desaOutsideRegency(lookup.code, this.regencyLabel),
        );
        return undefined;
      case 'ambiguous': {
        const own = this.ownDesa;
        found = own && lookup.matches.find((d) => d.code === own.code);
        if (!found) {
          const names = lookup.matches.map((d) => d.kecamatanName);
          sink.add('desa', 'UNKNOWN_DESA', text, rowMessages.ambiguousDesa(text, names));
          return undefined;
        }
        break;
      }
      default:
        sink.add(
          'desa',
          'UNKNOWN_DESA',
          text,
          rowMessages.unknownDesa(text, this.regencyLabel, this.exampleDesa),
        );
        return undefined;
    }
    if (!found) return undefined;
    return this.desaOfUploader(found, text);
  }

  /** The desa found for the row, unless a desa upload names another desa (DESA_OUTSIDE_AGENCY). */
  private desaOfUploader(found: Desa, text: string): Desa | undefined {
    const { uploader } = this;
    if (uploader.kind === 'desa' && found.code !== uploader.desa) {
      const own = this.ownDesa ? `${this.ownDesa.name} (${this.ownDesa.code})` : uploader.desa;
      this.sink.add(
        'desa',
        'DESA_OUTSIDE_AGENCY',
        text,
        rowMessages.desaOfOtherVillage(`${found.name} (${found.code})`, own),
      );
      return undefined;
    }
    return found;
  }

  /** Desa texts repeat (a regency has ~100–300 desa): resolve each distinct text once. */
  private lookupDesa(text: string, kecamatanText: string): DesaLookup {
    const key = kecamatanText === '' ? text : `${text}\u0000${kecamatanText}`;
    const cached = this.desaCache.get(key);
    if (cached) return cached;
    const lookup = resolveDesa(this.regions, text, kecamatanText);
    if (this.desaCache.size >= 10_000) this.desaCache.clear();
    this.desaCache.set(key, lookup);
    return lookup;
  }
}
