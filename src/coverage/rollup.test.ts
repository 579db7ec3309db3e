import { describe, expect, it } from 'vitest';
import { regencyDay, tallyStatuses, uploadCoverage } from './rollup.ts';

describe('uploadCoverage', () => {
  const upload = {
    uploadId: 'u1',
    createdAt: '2026-11-29T01:00:00.000Z',
    uploader: { kind: 'desa' as const, desa: '6408042001' },
    rejected: 2,
  };

  it('adds the chunks per desa, the rejected rows under the uploading desa, and one upload per desa named', () => {
    const result = uploadCoverage(upload, [
      { tallies: [{ '6408042001': { rows: 3, duplicates: 1 } }, { '6408042001': { enrolled: 2 } }] },
      {
        tallies: [
          { '6408042001': { rows: 1 }, '6408012001': { rows: 2 } },
          tallyStatuses([
            { desa: '6408042001', status: 'WAITLISTED' },
            { desa: '6408012001', status: 'FAILED' },
            { desa: '6408012001', status: 'PENDING' },
          ]),
        ],
      },
    ]);
    expect(result.byDesa).toEqual([
      expect.objectContaining({ desa: '6408012001', kecamatan: '640801', uploads: 1, rows: 2, failed: 1 }),
      expect.objectContaining({
        desa: '6408042001',
        uploads: 1,
        rows: 6,
        rejected: 2,
        duplicates: 1,
        enrolled: 2,
        waitlisted: 1,
        lastUploadAt: upload.createdAt,
      }),
    ]);
  });

  it("uses the validator's rejected rows per desa when it gives them (agency uploads)", () => {
    const result = uploadCoverage(
      {
        ...upload,
        uploader: { kind: 'agency', agency: 'disnakertrans' },
        rejectedByDesa: { '6408052001': 2 },
      },
      [],
    );
    expect(result.byDesa).toEqual([
      expect.objectContaining({ desa: '6408052001', rows: 2, rejected: 2, uploads: 1 }),
    ]);
  });
});

describe('regencyDay', () => {
  it('is the date in WITA (UTC+8), not UTC', () => {
    expect(regencyDay('2026-11-29T17:30:00.000Z')).toBe('2026-11-30');
    expect(regencyDay('2026-11-29T15:30:00.000Z')).toBe('2026-11-29');
  });
});
