import { describe, expect, it } from 'vitest';
import { DesaRule } from './desa-rule.ts';
import { NO_COLUMN } from './issue-sink.ts';
import { AGENCY, kutaiTimur, SANGATTA_UTARA } from './test-helpers.ts';
import type { RowErrorCode, Uploader } from './types.ts';

async function rule(uploader: Uploader): Promise<{ desa: DesaRule; codes: RowErrorCode[] }> {
  const codes: RowErrorCode[] = [];
  const columns = { desa: 0, kecamatan: NO_COLUMN, desaName: 'Kode Desa' };
  const desa = new DesaRule(await kutaiTimur(), uploader, columns, { add: (_key, code) => codes.push(code) });
  return { desa, codes };
}

describe('desa rule', () => {
  it('reads a code, a dotted code, "code - name" and a number cell as the same desa', async () => {
    const { desa, codes } = await rule(AGENCY);
    for (const cell of ['6408042001', '64.08.04.2001', '6408042001 - Sangatta Utara', 6408042001])
      expect(desa.check([cell])?.code, String(cell)).toBe('6408042001');
    expect(codes).toEqual([]);
  });

  it('needs a desa from an agency, takes a desa upload’s own when empty, refuses another desa or regency', async () => {
    const agency = await rule(AGENCY);
    expect(agency.desa.check([''])).toBeUndefined();
    expect(agency.desa.check(['6472011001'])).toBeUndefined(); // Palaran, Samarinda
    expect(agency.desa.check(['9999999999'])).toBeUndefined();
    expect(agency.codes).toEqual(['MISSING_FIELD', 'DESA_OUTSIDE_AGENCY', 'UNKNOWN_DESA']);

    const village = await rule(SANGATTA_UTARA);
    expect(village.desa.check([''])?.code).toBe('6408042001');
    const other = (await kutaiTimur()).listDesa().find((d) => d.code !== '6408042001')?.code ?? '';
    expect(village.desa.check([other])).toBeUndefined();
    expect(village.codes).toEqual(['DESA_OUTSIDE_AGENCY']);
  });
});
