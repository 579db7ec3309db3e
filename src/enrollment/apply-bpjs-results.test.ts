import { describe, expect, it } from 'vitest';
import { MemoryWorkers } from '../quota/testing/memory.ts';
import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import type { WorkerRow } from '../validation/types.ts';
import type { ChunkAnswers, ChunkLifecycle } from '../workers/lifecycle.ts';
import { type ApplyResultsDeps, applyBpjsResults } from './apply-bpjs-results.ts';
import type { BatchRecord } from './batches.ts';
import type { BatchAnswer } from './bpjs/gateway.ts';

const hash = (nik: string) => `h${nik}`;
const nik = (i: number) => `640804650190000${i}`;
const row = (i: number): WorkerRow => ({
  row: i + 2,
  nik: nik(i),
  name: 'Siti Aminah',
  birthDate: '1990-01-25',
  gender: 'P',
  desa: '6408042001',
  kecamatan: '640804',
  occupation: 'Petani',
});
const accepted = (i: number, batchId: string): BatchAnswer => ({
  nik: nik(i),
  outcome: 'ACCEPTED',
  kpj: `KPJ${i}`,
  coverageStart: '2026-12-01',
  batchId,
});

/**
 * Upload u1's chunk 1 of two rows, both places granted; its first run sent position 0 (b1), a promotion's run
 * position 1 (b2). The staged chunk's and the registry's reads are counted.
 */
function setup() {
  const rows = [row(0), row(1)];
  const record: ChunkLifecycle = {
    reg: 'PP',
    res: {
      at: '2026-11-23T10:00:00.000Z',
      op: 'reserve#u1#1',
      programme: '6408#2026',
      fromMonth: '2026-12',
      endMonth: '2026-12',
      monthlyPremium: 16800,
      committed: 16800,
      g: 'GG',
    },
    sent: {
      b1: { at: '2026-11-23T10:01:00.000Z', p: '10' },
      b2: { at: '2026-11-23T10:02:00.000Z', p: '01' },
    },
  };
  const reads = { staged: 0, registry: [] as string[][] };
  const storage = {
    readChunk: async () => {
      reads.staged += 1;
      return rows;
    },
  } as unknown as UploadStorage;
  const uploads = {
    getChunk: async () => structuredClone(record),
    putChunkAnswers: async (_p: string, _u: string, _c: number, _a: string, answers: ChunkAnswers) => {
      record.answers = [...(record.answers ?? []), answers];
    },
  } as unknown as UploadRepository;
  const workers = new MemoryWorkers();
  const getMany = workers.getMany.bind(workers);
  workers.getMany = async (hashes: string[]) => {
    reads.registry.push(hashes);
    return getMany(hashes);
  };
  const batches = new Map<string, BatchRecord>(
    ['b1', 'b2'].map((batchId) => [
      batchId,
      { batchId, uploadId: 'u1', chunk: 1, gateway: 'file', participants: 1, submittedAt: '' },
    ]),
  );
  const deps: ApplyResultsDeps = {
    storage,
    uploads,
    workers,
    batches: { get: async (id) => batches.get(id) },
    hash,
    now: () => new Date('2026-11-24T08:00:00.000Z'),
    releaser: { release: async () => {} },
  };
  const context = { by: 'bpjs-ack:test', coverageEnd: '2026-12-31', answer: 'ack' };
  return { deps, record, reads, workers, context };
}

describe('applying BPJS answers', () => {
  it('reads a chunk answered in two batches once, and lists it once for its recount', async () => {
    const { deps, record, reads, context } = setup();
    const applied = await applyBpjsResults(deps, [accepted(0, 'b1'), accepted(1, 'b2')], context);
    expect(applied.enrolled).toBe(2);
    expect(applied.knownBatches).toEqual(['b1', 'b2']);
    expect([...applied.statuses.values()]).toEqual(['ENROLLED', 'ENROLLED']);
    expect(record.answers?.map((a) => a.batchId)).toEqual(['b1', 'b2']);
    expect(reads.staged).toBe(1);
    expect(applied.chunks.map((c) => `${c.uploadId}#${c.chunk}`)).toEqual(['u1#1']);
  });

  it("looks a batch's strangers up in one read, each NIK once: another upload's worker is mismatched, the rest unknown", async () => {
    const { deps, reads, workers, context } = setup();
    await workers.claim({
      ...row(7),
      nikHash: hash(nik(7)),
      uploadId: 'u0',
      status: 'SUBMITTED',
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
    });
    const applied = await applyBpjsResults(
      deps,
      [accepted(8, 'b1'), accepted(7, 'b1'), accepted(8, 'b1'), accepted(0, 'b1')],
      context,
    );
    expect(applied.enrolled).toBe(1);
    expect(applied.mismatched).toEqual([{ nik: nik(7), batchId: 'b1' }]);
    expect(applied.unknown).toEqual([nik(8), nik(8)]);
    expect(reads.registry).toEqual([[hash(nik(8)), hash(nik(7))]]);
  });
});
