/** Shared by the validator's tests: fixtures, the Kutai Timur directory, fixed programme rules. */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRegionDirectory, type RegionDirectory } from './regions.ts';
import { FileError, type RowResult, type Uploader, type ValidationRules } from './types.ts';
import { validateRows } from './validate-rows.ts';

export const FIXTURES = fileURLToPath(new URL('../../test/fixtures/validation/', import.meta.url));

export const fixture = (name: string) => `${FIXTURES}${name}`;

/** Kutai Timur 2025: ages 18–64 on 1 January 2025. */
export const RULES: ValidationRules = {
  regencyCode: '6408',
  programmeStart: '2025-01-01',
  minAge: 18,
  maxAge: 64,
  excludedOccupations: ['PNS', 'ASN', 'PPPK', 'TNI', 'POLRI'],
  maxFileBytes: 100 * 1024 * 1024,
};

export const AGENCY: Uploader = { kind: 'agency', agency: 'disnakertrans' };
/** Desa Sangatta Utara, Kecamatan Sangatta Utara. */
export const SANGATTA_UTARA: Uploader = { kind: 'desa', desa: '6408042001' };

export const kutaiTimur = (): Promise<RegionDirectory> => loadRegionDirectory('6408');

export async function* bytesOf(data: string | Uint8Array, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  const buffer = typeof data === 'string' ? Buffer.from(data) : data;
  for (let i = 0; i < buffer.length; i += chunkSize) yield buffer.subarray(i, i + chunkSize);
}

export interface Outcome {
  results: RowResult[];
  error?: FileError;
}

/** Validates a source to the end; a FileError is returned in `error` for assertions. */
export async function run(
  source: AsyncIterable<Uint8Array>,
  fileName: string,
  uploader: Uploader = AGENCY,
  rules: ValidationRules = RULES,
  regions?: RegionDirectory,
): Promise<Outcome> {
  const results: RowResult[] = [];
  try {
    for await (const r of validateRows(source, fileName, {
      uploader,
      rules,
      regions: regions ?? (await kutaiTimur()),
    })) {
      results.push(r);
    }
    return { results };
  } catch (error) {
    if (error instanceof FileError) return { results, error };
    throw error;
  }
}

export const runFixture = (name: string, uploader: Uploader = AGENCY, rules: ValidationRules = RULES) =>
  run(createReadStream(fixture(name)), name, uploader, rules);

/** Codes of a result, errors and warnings, in report order. */
export const codesOf = (r: RowResult) => (r.kind === 'valid' ? r.warnings : r.issues).map((i) => i.code);
