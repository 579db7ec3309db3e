import { describe, expect, it } from 'vitest';
import { REGISTERED_REASON } from './history.ts';
import {
  batchTime,
  type ChunkAnswers,
  type ChunkLifecycle,
  chunkStates,
  currentWorker,
  positionsToRead,
  type StoredWorker,
} from './lifecycle.ts';

const t = (s: number) => new Date(Date.UTC(2026, 10, 30, 10, 0, s)).toISOString();
const res = {
  at: t(10),
  op: 'reserve#u1#1',
  programme: 'PROGRAMME#6408#2026',
  fromMonth: '2026-12',
  endMonth: '2026-12',
  monthlyPremium: 16_800,
  committed: 16_800,
  g: 'GGW.',
};
const chunk: ChunkLifecycle = {
  reg: 'PPPR',
  res,
  sent: { 'u1-00001': { at: t(20), p: '1100' } },
};
const worker = (pos: number, history: StoredWorker['history'], extra: Partial<StoredWorker> = {}) =>
  ({
    nikHash: `h${pos}`,
    nik: '6408046501900001',
    name: 'Siti',
    birthDate: '1990-01-25',
    gender: 'P',
    desa: '6408042001',
    kecamatan: '640804',
    occupation: 'Petani',
    uploadId: 'u1',
    chunk: 1,
    pos,
    row: pos + 2,
    status: history?.at(-1)?.to ?? 'PENDING',
    createdAt: t(0),
    updatedAt: history?.at(-1)?.at ?? t(0),
    history,
    ...extra,
  }) as StoredWorker;
const registered = { to: 'PENDING' as const, reason: REGISTERED_REASON, by: 'upload:u1', at: t(0) };

describe("a worker's current state: its item merged with its chunk's records", () => {
  it('is RESERVED then SUBMITTED by the chunk, with the place and batch, and every change in its history', () => {
    const w = currentWorker(worker(0, [registered]), chunk);
    expect(w).toMatchObject({ status: 'SUBMITTED', batchId: 'u1-00001', updatedAt: t(20) });
    expect(w.place).toMatchObject({ op: 'reserve#u1#1', kecamatan: '640804', committed: 16_800 });
    expect(w.history?.map((h) => [h.to, h.at])).toEqual([
      ['PENDING', t(0)],
      ['RESERVED', t(10)],
      ['SUBMITTED', t(20)],
    ]);
  });

  it('lets a later change of the worker itself win, and a chunk event apply only to the state it follows', () => {
    const failed = { to: 'FAILED' as const, reason: 'NIK tidak ditemukan', by: 'bpjs-ack:f', at: t(30) };
    expect(currentWorker(worker(0, [registered, failed]), chunk).status).toBe('FAILED');
    // Exited while RESERVED, before the batch: the batch does not move it on.
    const exited = { to: 'EXITED' as const, reason: 'pindah', by: 'admin:budi', at: t(15) };
    const w = currentWorker(worker(1, [registered, exited]), chunk);
    expect(w.status).toBe('EXITED');
    expect(w.history?.map((h) => h.to)).toEqual(['PENDING', 'RESERVED', 'EXITED']);
    // At the same time as the chunk's event, the worker's own change comes first.
    const sameTime = { ...failed, at: t(20) };
    expect(currentWorker(worker(0, [registered, sameTime]), chunk).status).toBe('FAILED');
  });

  it("is ENROLLED by its batch's recorded acceptance, with KPJ and coverage, and only by its own batch's", () => {
    const answers: ChunkAnswers[] = [
      {
        batchId: 'u1-00001',
        at: t(40),
        by: 'bpjs-ack:a.csv',
        coverageEnd: '2026-12-31',
        e: { '0': '2600001|2026-12-01|h0' },
      },
      {
        batchId: 'other-00001',
        at: t(45),
        by: 'bpjs-ack:b.csv',
        coverageEnd: '2026-12-31',
        e: { '1': '2600009|2026-12-01|h1' },
      },
    ];
    const enrolled = currentWorker(worker(0, [registered]), { ...chunk, answers });
    expect(enrolled).toMatchObject({
      status: 'ENROLLED',
      kpj: '2600001',
      coverageStart: '2026-12-01',
      coverageEnd: '2026-12-31',
      updatedAt: t(40),
    });
    expect(enrolled.history?.at(-1)).toEqual({
      to: 'ENROLLED',
      reason: 'diterima BPJS Ketenagakerjaan, KPJ 2600001',
      by: 'bpjs-ack:a.csv',
      at: t(40),
    });
    // An answer naming another batch leaves the worker SUBMITTED.
    expect(currentWorker(worker(1, [registered]), { ...chunk, answers }).status).toBe('SUBMITTED');
    expect(chunkStates(4, { ...chunk, answers }, new Map())).toEqual([
      'ENROLLED',
      'SUBMITTED',
      'WAITLISTED',
      'REFERRED',
    ]);
  });

  it('is SUBMITTED and then ENROLLED when promoted one by one while the batch was being formed', () => {
    // Waitlisted at the reservation (position 2), promoted at t(25) by another task; the enrollment task that
    // sends it started at t(22), before the promotion, and read the chunk after it.
    const waitlisted = { to: 'WAITLISTED' as const, reason: 'kuota penuh', by: 'workflow:u1', at: t(10) };
    const promoted = { to: 'RESERVED' as const, reason: 'promosi', by: 'promotion:p1', at: t(25) };
    const item = worker(2, [registered, waitlisted, promoted]);
    const sentAt = batchTime(new Date(t(22)), [item]);
    expect(sentAt > t(25)).toBe(true);
    const answers: ChunkAnswers[] = [
      {
        batchId: 'u1-00002',
        at: t(40),
        by: 'bpjs:simulator',
        coverageEnd: '2026-12-31',
        e: { '2': '2600003|2026-12-01|h2' },
      },
    ];
    const sent = { ...chunk.sent, 'u1-00002': { at: sentAt, p: '0010' } };
    expect(currentWorker(item, { ...chunk, sent, answers })).toMatchObject({
      status: 'ENROLLED',
      kpj: '2600003',
    });
    // Stamped with the task's start instead, the batch would come before the promotion and be lost.
    const early = { ...chunk.sent, 'u1-00002': { at: t(22), p: '0010' } };
    expect(currentWorker(item, { ...chunk, sent: early, answers }).status).toBe('RESERVED');
    // A batch of workers who did not change since the task started keeps the task's time.
    expect(batchTime(new Date(t(22)), [worker(0, [registered])])).toBe(t(22));
  });

  it('holds no place once the place was given back', () => {
    const failed = { to: 'FAILED' as const, reason: 'x', by: 'bpjs', at: t(30) };
    const w = currentWorker(
      worker(0, [registered, failed], { releasedPlace: { op: 'reserve#u1#1' } }),
      chunk,
    );
    expect(w.place).toBeUndefined();
  });

  it('leaves a waitlisted, referred or chunk-less worker as stored', () => {
    const waiting = worker(2, [registered, { ...registered, to: 'WAITLISTED', at: t(10) }]);
    expect(currentWorker(waiting, chunk)).toBe(waiting);
    const referred = worker(3, [{ ...registered, to: 'REFERRED' }]);
    expect(currentWorker(referred, chunk).status).toBe('REFERRED');
    expect(currentWorker(worker(0, [registered]), undefined).status).toBe('PENDING');
  });

  it("gives every position's state from the records, reading only the workers who changed by themselves", () => {
    expect(positionsToRead(4, { ...chunk, x: [3] })).toEqual([2, 3]);
    expect(positionsToRead(4, { reg: 'PPPR', res })).toEqual([2]);
    expect(
      chunkStates(5, { reg: 'PPPRD', res: { ...res, g: 'GGW..' } }, new Map([[1, { status: 'EXITED' }]])),
    ).toEqual(['RESERVED', 'EXITED', 'WAITLISTED', 'REFERRED', 'DUPLICATE']);
  });
});
