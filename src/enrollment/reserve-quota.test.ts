import { describe, expect, it } from 'vitest';
import { programmeId } from '../quota/model.ts';
import { settings } from '../quota/testing/fixtures.ts';
import { MemoryProgrammes, MemoryWorkers } from '../quota/testing/memory.ts';
import type { Upload } from '../uploads/model.ts';
import type { ChunkOutcome, UploadRepository, UploadStorage } from '../uploads/ports.ts';
import type { WorkerRow } from '../validation/types.ts';
import { currentWorker } from '../workers/lifecycle.ts';
import { NoProgrammeError, type ReserveQuotaDeps, reserveQuota } from './reserve-quota.ts';

const hash = (nik: string) => `h${nik}`;

function rowsOf(chunk: number, n: number, desa = '6408042001'): WorkerRow[] {
  return Array.from({ length: n }, (_, i) => ({
    row: chunk * 100 + i + 2,
    nik: `64080465019${String(chunk * 100 + i).padStart(5, '0')}`,
    name: 'Siti Aminah',
    birthDate: '1990-01-25',
    gender: 'P' as const,
    desa,
    kecamatan: desa.slice(0, 6),
    occupation: 'Petani',
  }));
}

function setup(quota: number) {
  const programmes = new MemoryProgrammes();
  const workers = new MemoryWorkers();
  const chunks = new Map<string, WorkerRow[]>();
  const outcomes = new Map<string, Partial<ChunkOutcome>>();
  const upload = { uploadId: 'u1', createdAt: '2026-11-23T10:00:00.000Z' } as Upload;
  const storage = {
    readChunk: async (uploadId: string, chunk: number) => chunks.get(`${uploadId}#${chunk}`) ?? [],
  } as unknown as UploadStorage;
  const uploads = {
    get: async (id: string) => (id === upload.uploadId ? upload : undefined),
    update: async (_id: string, patch: Partial<Upload>) => {
      Object.assign(upload, patch);
      return true;
    },
    putChunkOutcome: async (uploadId: string, chunk: number, counts: Partial<ChunkOutcome>) => {
      outcomes.set(`${uploadId}#${chunk}`, { ...outcomes.get(`${uploadId}#${chunk}`), ...counts });
    },
    getChunk: async (uploadId: string, chunk: number) => outcomes.get(`${uploadId}#${chunk}`),
  } as unknown as UploadRepository;
  const now = () => new Date('2026-11-23T10:05:00.000Z');
  const deps: ReserveQuotaDeps = {
    storage,
    uploads,
    workers,
    hash,
    now,
    quota: { programmes, workers, now, regency: '6408' },
  };
  const stage = async (chunk: number, rows: WorkerRow[]) => {
    chunks.set(`u1#${chunk}`, rows);
    outcomes.set(`u1#${chunk}`, { reg: 'P'.repeat(rows.length) });
    for (const [pos, r] of rows.entries())
      await workers.claim({
        ...r,
        nikHash: hash(r.nik),
        uploadId: 'u1',
        chunk,
        pos,
        status: 'PENDING',
        createdAt: '',
        updatedAt: '',
      });
  };
  return {
    programmes,
    workers,
    deps,
    stage,
    outcomes,
    create: () => programmes.create(settings(quota), '', 'test'),
  };
}

describe('reserveQuota (the ReserveQuota workflow step)', () => {
  it('reserves what is left, waitlists the rest in row order, and repeats nothing when retried', async () => {
    const t = setup(3);
    await t.create();
    await t.stage(1, rowsOf(1, 5));
    const first = await reserveQuota(t.deps, { uploadId: 'u1', chunk: 1 });
    expect(first).toEqual({ uploadId: 'u1', chunk: 1, reserved: 3, waitlisted: 2 });
    const again = await reserveQuota(t.deps, { uploadId: 'u1', chunk: 1 });
    expect(again).toEqual(first);
    const p = await t.programmes.get({ regency: '6408', year: 2026 });
    expect(p).toMatchObject({ used: 3, waitlisted: 2, committed: 3 * 16_800 }); // December only
    // The places are on the chunk's record, once: who got one ('G'), who waits ('W'), by position.
    expect(t.outcomes.get('u1#1')).toMatchObject({
      reg: 'PPPPP',
      reserved: 3,
      waitlisted: 2,
      res: { op: 'reserve#u1#1', g: 'GGGWW', committed: 16_800 },
      states: { '6408042001': { reserved: 3, waitlisted: 2 } },
    });
    const line = t.workers.line(programmeId({ regency: '6408', year: 2026 }));
    expect(line.map((w) => [w.row, w.waitlist?.position])).toEqual([
      [105, 1],
      [106, 2],
    ]);
    // The granted workers' items are not written: their current state comes from the chunk's record.
    const items = [...t.workers.items.values()];
    expect(items.filter((w) => w.status === 'RESERVED')).toEqual([]);
    const reserved = items
      .map((w) => currentWorker(w, t.outcomes.get('u1#1')))
      .filter((w) => w.status === 'RESERVED');
    expect(reserved.map((w) => w.row)).toEqual([102, 103, 104]);
    expect(reserved[0]?.place).toMatchObject({
      fromMonth: '2026-12',
      endMonth: '2026-12',
      committed: 16_800,
    });
  });

  it('puts a later chunk behind the people already waiting', async () => {
    const t = setup(3);
    await t.create();
    await t.stage(1, rowsOf(1, 4));
    await t.stage(2, rowsOf(2, 2));
    await reserveQuota(t.deps, { uploadId: 'u1', chunk: 1 });
    expect(await reserveQuota(t.deps, { uploadId: 'u1', chunk: 2 })).toMatchObject({
      reserved: 0,
      waitlisted: 2,
    });
    const line = t.workers.line(programmeId({ regency: '6408', year: 2026 }));
    expect(line.map((w) => w.waitlist?.position)).toEqual([1, 2, 3]);
  });

  it('fails the chunk with a clear reason when no programme covers the upload, leaving the rows pending', async () => {
    const t = setup(3);
    await t.stage(1, rowsOf(1, 2));
    await expect(reserveQuota(t.deps, { uploadId: 'u1', chunk: 1 })).rejects.toThrow(NoProgrammeError);
    expect([...t.workers.items.values()].map((w) => w.status)).toEqual(['PENDING', 'PENDING']);
  });
});
