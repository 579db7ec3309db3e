/**
 * Property: whatever the interleaving of concurrent reservations, exits (releases), waitlist exits, raises of
 * the quota or budget and promotions — and whatever crashes happen between their writes, each retried like a
 * workflow task — neither limit is ever exceeded (checked after every write), and when all is settled no row is
 * lost: the counters equal what the registry shows, and nobody waits while a place they could take is free.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Worker } from '../workers/model.ts';
import { promotable } from './allocate.ts';
import { placeCost } from './calendar.ts';
import type { QuotaDeps } from './context.ts';
import { type ProgrammeKey, programmeId } from './model.ts';
import { setProgramme } from './programme.ts';
import { promoteWaitlist } from './promote.ts';
import { exitWorker } from './release.ts';
import { reserveChunk } from './reserve.ts';
import { KUTAI_TIMUR, settings } from './testing/fixtures.ts';
import { MemoryProgrammes, MemoryWorkers } from './testing/memory.ts';

const KEY: ProgrammeKey = { regency: '6408', year: 2026 };
const KECS = ['640801', '640802', '640803'] as const;

class Crash extends Error {
  override readonly name = 'Crash';
}

type Command =
  | { kind: 'reserve'; kecs: number[] }
  | { kind: 'exit'; pick: number }
  | { kind: 'raise'; quota: number; budgetPlaces: number }
  | { kind: 'allocation'; kec: number; places: number }
  | { kind: 'promote' };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      kecs: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 8 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('exit' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('raise' as const),
      quota: fc.integer({ min: 0, max: 6 }),
      budgetPlaces: fc.integer({ min: 0, max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('allocation' as const),
      kec: fc.integer({ min: 0, max: 2 }),
      places: fc.integer({ min: 0, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('promote' as const) }) },
);

/** Wraps every repository call so the scheduler decides which concurrent call runs next. */
function interleaved<T extends object>(target: T, s: fc.Scheduler, name: string): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || prop === 'constructor') return value;
      return async (...args: unknown[]) => {
        await s.schedule(Promise.resolve(), `${name}.${String(prop)}`);
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
}

async function retried<T>(what: () => Promise<T>, attempts = 60): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await what();
    } catch (error) {
      if (i >= attempts) throw error;
    }
  }
}

describe('reservation logic under random interleavings, crashes and retries', () => {
  it('never exceeds the headcount, the budget or a kecamatan allocation, and never loses a row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.array(command, { minLength: 1, maxLength: 10 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        async (s, quota, budgetPlaces, commands, crashes) => {
          const programmes = new MemoryProgrammes();
          const workers = new MemoryWorkers();
          let clock = Date.parse('2026-03-01T00:00:00Z');
          const now = () => {
            clock += 1000;
            return new Date(clock);
          };
          const cost = placeCost(settings(0), new Date('2026-03-01T00:00:00Z')).cost; // 10 months
          await programmes.create(
            settings(quota, { budgetCeiling: budgetPlaces * cost, budgetExplicit: true }),
            now().toISOString(),
            'test',
          );
          const violations: string[] = [];
          const check = () => {
            const p = programmes.items.get(programmeId(KEY));
            if (!p) return;
            if (p.used > p.quota) violations.push(`used ${p.used} > quota ${p.quota}`);
            if (p.committed > p.budgetCeiling)
              violations.push(`committed ${p.committed} > ${p.budgetCeiling}`);
            for (const [k, q] of Object.entries(p.kecamatanQuotas))
              if ((p.kecUsed[k] ?? 0) > q) violations.push(`kecamatan ${k}: ${p.kecUsed[k]} > ${q}`);
            if (p.waitlisted < 0) violations.push('negative waitlist');
          };
          let crashIndex = 0;
          const maybeCrash = () => {
            if (crashes[crashIndex++]) throw new Crash('crash between writes');
          };
          programmes.beforeWrite = maybeCrash;
          workers.beforeWrite = maybeCrash;
          const applyOp = programmes.applyOp.bind(programmes);
          programmes.applyOp = async (...args) => {
            const r = await applyOp(...args);
            check();
            return r;
          };
          const deps: QuotaDeps = {
            programmes: interleaved(programmes, s, 'programmes'),
            workers: interleaved(workers, s, 'workers'),
            now,
            sleep: () => Promise.resolve(),
          };
          const promote = () => retried(() => promoteWaitlist(deps, KEY, { by: 'test', maxRounds: 20 }));
          let serial = 0;
          const run = async (c: Command, i: number) => {
            if (c.kind === 'reserve') {
              const uploadId = `u${i}`;
              const rows = c.kecs.map((k) => ({
                row: ++serial + 1,
                nikHash: `h${serial}`,
                desa: `${KECS[k]}2001`,
              }));
              await retried(async () => {
                for (const r of rows) await deps.workers.get(r.nikHash); // a scheduling point per row
                for (const r of rows) {
                  const w: Worker = {
                    nikHash: r.nikHash,
                    nik: '',
                    name: 'x',
                    birthDate: '1990-01-01',
                    gender: 'P',
                    desa: r.desa,
                    kecamatan: r.desa.slice(0, 6),
                    occupation: 'Petani',
                    uploadId,
                    row: r.row,
                    status: 'PENDING',
                    createdAt: '',
                    updatedAt: '',
                  };
                  await workers.claim(w);
                }
                const pending = (await deps.workers.getMany(rows.map((r) => r.nikHash))).filter(
                  (w) => w.status === 'PENDING',
                );
                const rowsNow = rows.filter((r) => pending.some((w) => w.nikHash === r.nikHash));
                const result = await reserveChunk(deps, KEY, { uploadId, chunk: 1 }, rowsNow, 'test');
                if (result.promotionDue) await promote();
              });
            } else if (c.kind === 'exit') {
              const holders = [...workers.items.values()].filter(
                (w) => w.status === 'RESERVED' || w.status === 'WAITLISTED',
              );
              const w = holders[c.pick % Math.max(1, holders.length)];
              if (!w) return;
              await retried(() => exitWorker(deps, w.nikHash, { reason: 'pindah', by: 'test' }));
              await promote();
            } else if (c.kind === 'raise') {
              await retried(async () => {
                const p = await deps.programmes.get(KEY);
                if (!p) return;
                await setProgramme(
                  deps,
                  KUTAI_TIMUR,
                  { quota: p.quota + c.quota, budgetCeiling: p.budgetCeiling + c.budgetPlaces * cost },
                  { year: 2026, by: 'test' },
                );
              });
              await promote();
            } else if (c.kind === 'allocation') {
              const code = KECS[c.kec] ?? '640801';
              await retried(async () => {
                const p = await deps.programmes.get(KEY);
                if (!p) return;
                // allocations only go up here (or appear at no less than what is used there)
                const q = Math.max(p.kecamatanQuotas[code] ?? 0, p.kecUsed[code] ?? 0) + c.places;
                await setProgramme(
                  deps,
                  KUTAI_TIMUR,
                  { kecamatanQuotas: { [code]: q } },
                  { year: 2026, by: 'test' },
                );
              });
              await promote();
            } else {
              await promote();
            }
          };
          const outcomes = commands.map((c, i) =>
            run(c, i).then(
              () => 'ok',
              (e: unknown) => e,
            ),
          );
          const results = await s.waitFor(Promise.all(outcomes));
          for (const r of results) if (r !== 'ok') throw r;

          // settle: no more crashes, the lease of any crashed promoter expired, promote until nothing moves
          crashes.length = 0;
          clock += 10 * 60 * 1000;
          const plain: QuotaDeps = { programmes, workers, now, sleep: () => Promise.resolve() };
          for (let i = 0; i < 5; i++) await promoteWaitlist(plain, KEY, { by: 'test' });

          expect(violations).toEqual([]);
          const p = await programmes.get(KEY);
          if (!p) throw new Error('no programme');
          const all = [...workers.items.values()];
          expect(all.filter((w) => !['RESERVED', 'WAITLISTED', 'EXITED'].includes(w.status))).toEqual([]);
          const holders = all.filter((w) => w.place);
          expect(holders.every((w) => w.status === 'RESERVED')).toBe(true);
          expect(p.used).toBe(holders.length);
          expect(p.committed).toBe(holders.reduce((sum, w) => sum + (w.place?.committed ?? 0), 0));
          const waiting = all.filter((w) => w.status === 'WAITLISTED');
          expect(p.waitlisted).toBe(waiting.length);
          for (const k of KECS) {
            expect(p.kecUsed[k] ?? 0).toBe(holders.filter((w) => w.kecamatan === k).length);
            expect(p.kecWaitlisted[k] ?? 0).toBe(waiting.filter((w) => w.kecamatan === k).length);
          }
          const positions = waiting.map((w) => w.waitlist?.position);
          expect(new Set(positions).size).toBe(positions.length);
          // nobody waits while a place they could take is free
          expect(promotable(p, placeCost(p, now()).cost)).toBe(false);
          // every op finished its effects
          expect(Object.entries(p.ops).filter(([, op]) => !op.done)).toEqual([]);
          expect(p.lease).toBeUndefined();
        },
      ),
      { numRuns: Number(process.env.QUOTA_PROPERTY_RUNS ?? 200) },
    );
  });
});
