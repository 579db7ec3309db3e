import { describe, expect, it } from 'vitest';
import { newUpload } from '../uploads/validate-upload.ts';
import { fileProgress, progressLine } from './progress.ts';

const upload = (patch: Partial<ReturnType<typeof newUpload>>) => ({
  ...newUpload(
    {
      bucket: 'b',
      key: 'uploads/desa/6408042001/a.csv',
      size: 1,
      sequencer: '1',
      eventTime: '2026-01-01T00:00:00Z',
    },
    'u1',
    '2026-01-01T00:00:00Z',
    '2026-01-01T00:00:00Z',
  ),
  ...patch,
});
const chunk = (n: number, staged: number, counts: Partial<Record<string, number>>) => ({
  chunk: n,
  staged,
  duplicates: 0,
  referred: 0,
  waitlisted: 0,
  enrolled: 0,
  failed: 0,
  submitted: 0,
  reserved: 0,
  ...counts,
});

describe('progress of one file', () => {
  it('shows the rows validated so far while validating, with no chunk count or ETA yet', () => {
    const p = fileProgress(upload({ rows: 11_080, rejected: 487 }), [], undefined, 0);
    expect(progressLine(p)).toBe(
      'potongan/chunks … · ETA … · VALIDATING · baris/rows 11.080 (ditolak/rejected 487)',
    );
  });

  it('counts a chunk done only when every staged row has an outcome, and sums the outcomes so far', () => {
    const chunks = [
      chunk(1, 500, { enrolled: 480, duplicates: 10, referred: 10 }), // done
      chunk(2, 500, { referred: 12 }), // registered only: 488 rows still on their way
      chunk(3, 200, { submitted: 150, waitlisted: 50 }), // done: sent to BPJS or waitlisted
    ];
    const p = fileProgress(
      upload({ status: 'RUNNING', rows: 1300, rejected: 100, chunkCount: 4 }),
      chunks,
      0,
      20_000,
    );
    expect(p).toMatchObject({ chunksDone: 2, chunkTotal: 4, enrolled: 480, referred: 22, pending: 150 });
    // 2 chunks in 20 s: 2 more take about 20 s.
    expect(p.etaSeconds).toBe(20);
    expect(progressLine(p)).toBe(
      'potongan/chunks 2/4 (1 berjalan/running) · ETA 0:20 · RUNNING · baris/rows 1.300 (ditolak/rejected 100) · terdaftar/enrolled 480 · menunggu/pending 150 · ganda/duplicates 10 · dirujuk/referred 22 · antre/waitlisted 50',
    );
  });

  it('gives no ETA before the first chunk is done', () => {
    const p = fileProgress(
      upload({ status: 'RUNNING', rows: 10, chunkCount: 1 }),
      [chunk(1, 10, {})],
      0,
      5000,
    );
    expect(p.etaSeconds).toBeUndefined();
    expect(progressLine(p)).toContain('ETA …');
  });
});
