import { describe, expect, it } from 'vitest';
import type { Worker } from '../workers/model.ts';
import type { QuotaDeps } from './context.ts';
import { importCovered } from './import-covered.ts';
import { programmeId } from './model.ts';
import { setProgramme } from './programme.ts';
import { LEASE_MS, promoteWaitlist } from './promote.ts';
import { exitWorker, releasePlace } from './release.ts';
import { reserveChunk } from './reserve.ts';
import { KUTAI_TIMUR, settings } from './testing/fixtures.ts';
import { MemoryProgrammes, MemoryWorkers } from './testing/memory.ts';

const KEY = { regency: '6408', year: 2026 };
const LINE = programmeId(KEY);

async function setup(quota: number, overrides: Parameters<typeof settings>[1] = {}) {
  const programmes = new MemoryProgrammes();
  const workers = new MemoryWorkers();
  let clock = Date.parse('2026-03-10T00:00:00Z');
  const deps: QuotaDeps = {
    programmes,
    workers,
    now: () => new Date(clock),
    sleep: async () => undefined,
  };
  await programmes.create(settings(quota, overrides), '', 't');
  let n = 0;
  /** One upload chunk of workers in the given kecamatan, reserved. */
  const upload = async (kecs: string[]) => {
    const uploadId = `u${++n}`;
    const rows = kecs.map((k, i) => ({ row: i + 2, nikHash: `${uploadId}-${i}`, desa: `${k}2001` }));
    for (const r of rows) {
      const w: Worker = {
        nikHash: r.nikHash,
        nik: '',
        name: 'x',
        birthDate: '1990-01-01',
        gender: 'L',
        desa: r.desa,
        kecamatan: r.desa.slice(0, 6),
        occupation: 'Nelayan',
        uploadId,
        row: r.row,
        status: 'PENDING',
        createdAt: '',
        updatedAt: '',
      };
      await workers.claim(w);
    }
    return reserveChunk(deps, KEY, { uploadId, chunk: 1 }, rows, 'test');
  };
  return { programmes, workers, deps, upload, advance: (ms: number) => (clock += ms) };
}

const statusOf = (t: { workers: MemoryWorkers }, h: string) => t.workers.items.get(h)?.status;

describe('promotion from the waitlist', () => {
  it('moves the head of the line into the places freed, in order; the rest move up', async () => {
    const t = await setup(3);
    await t.upload(['640804', '640804', '640804', '640804', '640804', '640804']);
    expect(t.workers.line(LINE).map((w) => w.nikHash)).toEqual(['u1-3', 'u1-4', 'u1-5']);
    expect(await t.workers.waitlistRank(LINE, 3)).toBe(3);

    const exit = await exitWorker(t.deps, 'u1-0', { reason: 'pindah', by: 't' });
    expect(exit).toMatchObject({ from: 'RESERVED', released: true, refund: 9 * 16_800 });
    const chunks: unknown[] = [];
    const promoted = await promoteWaitlist(t.deps, KEY, {
      by: 't',
      onPromoted: async (c) => void chunks.push(...c),
    });
    expect(promoted.promoted.map((p) => p.nikHash)).toEqual(['u1-3']);
    expect(chunks).toEqual([{ uploadId: 'u1', chunk: 1 }]);
    expect(statusOf(t, 'u1-3')).toBe('RESERVED');
    expect(t.workers.items.get('u1-3')?.place?.op).toMatch(/^promote#/);
    expect(await t.workers.waitlistRank(LINE, 3)).toBe(2); // u1-5 was third in line, now second
    expect(await t.workers.waitlistRank(LINE, 2)).toBe(1); // u1-4 first
    expect(t.workers.line(LINE).map((w) => w.nikHash)).toEqual(['u1-4', 'u1-5']);
    expect(await t.programmes.get(KEY)).toMatchObject({ used: 3, waitlisted: 2 });
  });

  it('serves a raised quota and lets a new upload wait behind those already in line', async () => {
    const t = await setup(1);
    await t.upload(['640804', '640804']);
    await setProgramme(t.deps, KUTAI_TIMUR, { quota: 3 }, { year: 2026, by: 't' });
    // before the promotion runs, a new upload arrives: it must not overtake u1-1
    const late = await t.upload(['640804']);
    expect(late.reserved).toEqual([]);
    expect(late.promotionDue).toBe(true);
    await promoteWaitlist(t.deps, KEY, { by: 't' });
    expect([statusOf(t, 'u1-1'), statusOf(t, 'u2-0')]).toEqual(['RESERVED', 'RESERVED']);
    expect(await t.programmes.get(KEY)).toMatchObject({ used: 3, waitlisted: 0 });
  });

  it('skips people whose kecamatan allocation is full, without holding up the others', async () => {
    const t = await setup(10, { kecamatanQuotas: { '640804': 1 } });
    await t.upload(['640804', '640804', '640805']);
    expect([statusOf(t, 'u1-0'), statusOf(t, 'u1-1'), statusOf(t, 'u1-2')]).toEqual([
      'RESERVED',
      'WAITLISTED',
      'RESERVED',
    ]);
    await setProgramme(t.deps, KUTAI_TIMUR, { quota: 2 }, { year: 2026, by: 't' });
    await exitWorker(t.deps, 'u1-2', { reason: 'pindah', by: 't' });
    expect((await promoteWaitlist(t.deps, KEY, { by: 't' })).promoted).toEqual([]);
    await setProgramme(t.deps, KUTAI_TIMUR, { kecamatanQuotas: { '640804': 2 } }, { year: 2026, by: 't' });
    expect((await promoteWaitlist(t.deps, KEY, { by: 't' })).promoted.map((p) => p.nikHash)).toEqual([
      'u1-1',
    ]);
  });

  it('runs one promoter at a time; a crashed one is finished by the next once its lease expires', async () => {
    const t = await setup(2);
    await t.upload(['640804', '640804', '640804', '640804']);
    await setProgramme(t.deps, KUTAI_TIMUR, { quota: 4 }, { year: 2026, by: 't' });
    // the promoter crashes right after applying its op, before any worker moved
    t.workers.beforeWrite = (m) => {
      if (m === 'grantPlace') throw new Error('crash');
    };
    await expect(promoteWaitlist(t.deps, KEY, { by: 't' })).rejects.toThrow('crash');
    t.workers.beforeWrite = undefined;
    expect(await t.programmes.get(KEY)).toMatchObject({ used: 4, waitlisted: 0 }); // counted, not yet moved
    expect(t.programmes.items.get(LINE)?.lease).toBeUndefined(); // released in finally
    // a crash that leaves the lease behind: others are told it is busy until it expires
    await t.programmes.acquireLease(
      KEY,
      'ghost',
      new Date(Date.parse('2026-03-10T00:00:00Z') + LEASE_MS).toISOString(),
      '',
    );
    expect((await promoteWaitlist(t.deps, KEY, { by: 't' })).busy).toBe(true);
    t.advance(LEASE_MS + 1000);
    const next = await promoteWaitlist(t.deps, KEY, { by: 't' });
    expect(next.promoted.map((p) => p.nikHash)).toEqual(['u1-2', 'u1-3']);
    expect([statusOf(t, 'u1-2'), statusOf(t, 'u1-3')]).toEqual(['RESERVED', 'RESERVED']);
    expect(await t.programmes.get(KEY)).toMatchObject({ used: 4, waitlisted: 0 });
  });

  it('takes a waitlisted worker who leaves out of the line, and releases a failed enrollment in full', async () => {
    const t = await setup(1);
    await t.upload(['640804', '640804', '640804']);
    expect(await exitWorker(t.deps, 'u1-1', { reason: 'meninggal', by: 't' })).toMatchObject({
      leftWaitlist: true,
    });
    expect(t.workers.line(LINE).map((w) => w.nikHash)).toEqual(['u1-2']);
    expect(await t.programmes.get(KEY)).toMatchObject({ waitlisted: 0 + 1, kecWaitlisted: { '640804': 1 } });
    await t.workers.transition({ nikHash: 'u1-0' }, ['RESERVED'], {
      to: 'FAILED',
      reason: 'ditolak',
      by: 't',
      at: '',
    });
    expect(await releasePlace(t.deps, 'u1-0')).toMatchObject({ released: true, refund: 9 * 16_800 });
    expect(await releasePlace(t.deps, 'u1-0')).toMatchObject({ released: false }); // once
    expect(await t.programmes.get(KEY)).toMatchObject({ used: 0, committed: 0 });
  });

  it('counts workers already covered against the quota once, for the whole year, even above the quota', async () => {
    const t = await setup(2);
    const rows = ['6408042001', '6408052001', '6408042001'].map((desa, i) => ({
      row: i + 2,
      nik: `640804650190000${i}`,
      name: 'Budi',
      birthDate: '1990-01-25',
      gender: 'L' as const,
      desa,
      kecamatan: desa.slice(0, 6),
      occupation: 'Petani',
    }));
    const deps = { ...t.deps, claim: (w: Worker) => t.workers.claim(w), hash: (nik: string) => `h${nik}` };
    expect(await importCovered(deps, KEY, 'covered-1', rows)).toMatchObject({ imported: 3, duplicates: 0 });
    expect(await importCovered(deps, KEY, 'covered-1', rows)).toMatchObject({ imported: 3, duplicates: 0 });
    expect(await importCovered(deps, KEY, 'covered-2', rows)).toMatchObject({ imported: 0, duplicates: 3 });
    expect(await t.programmes.get(KEY)).toMatchObject({
      used: 3,
      committed: 3 * 12 * 16_800,
      kecUsed: { '640804': 2, '640805': 1 },
    });
    expect(t.workers.items.get('h6408046501900000')).toMatchObject({
      status: 'ENROLLED',
      uploadId: 'covered-1',
    });
  });
});
