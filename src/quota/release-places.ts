/**
 * Giving places back in one counter change for many workers (a chunk's or a batch's refusals, an exit): the op
 * `release#<id>` frees them all at once, so the programme item gets one write, not one per worker.
 *
 * 1. Ledger RELEASE#<id> lists the workers (refund, nikHash, kecamatan, place op); the first writer's list wins.
 * 2. Each listed worker is marked `releasing = <op>` (conditional: still holding that place and not marked by
 *    another release), so no worker is ever in two releases.
 * 3. The op is applied once (ops.ts) with the marked workers' count and refunds; the ledger keeps the result.
 * 4. The marked workers' places are cleared (releasedPlace keeps op and refund); ledger DONE, op record removed.
 * A crash anywhere is finished by running again with the same id — or by any later release that finds a worker
 * marked by an unfinished one (it finishes that one first).
 */
import { createHash } from 'node:crypto';
import pMap from 'p-map';
import { refundFor } from './calendar.ts';
import type { QuotaDeps } from './context.ts';
import { emptyDelta, type OpRecord, type ProgrammeKey, parseProgrammeId } from './model.ts';
import { applyOnce } from './ops.ts';
import type { LedgerRow, QuotaWorker } from './ports.ts';

export interface ReleasedPlaces {
  released: number;
  /** Rupiah given back to the budget. */
  refund: number;
  programmes: ProgrammeKey[];
}

/** A release id for a set of workers (the same set, the same id). */
export const releaseIdOf = (prefix: string, nikHashes: string[]) =>
  `${prefix}#${createHash('sha256')
    .update([...nikHashes].sort().join(','))
    .digest('base64url')
    .slice(0, 16)}`;

const ledgerSk = (id: string) => `RELEASE#${id}`;

/** Gives back the places of those of `nikHashes` who are FAILED or EXITED and still hold one. */
export async function releasePlaces(
  deps: QuotaDeps,
  id: string,
  nikHashes: string[],
): Promise<ReleasedPlaces> {
  const result: ReleasedPlaces = { released: 0, refund: 0, programmes: [] };
  const holding = (await deps.workers.getMany(nikHashes)).filter(
    (w) => w.place && (w.status === 'FAILED' || w.status === 'EXITED'),
  );
  // Releases interrupted before they cleared these workers' places: finish them first.
  const interrupted = new Set(
    holding.map((w) => w.releasing).filter((r): r is string => !!r && r !== `release#${id}`),
  );
  for (const op of interrupted) {
    const w = holding.find((h) => h.releasing === op);
    if (w?.place) await finishRelease(deps, parseProgrammeId(w.place.programme), op.slice('release#'.length));
  }
  const fresh =
    interrupted.size > 0 ? (await deps.workers.getMany(nikHashes)).filter((w) => w.place) : holding;
  const byProgramme = new Map<string, QuotaWorker[]>();
  for (const w of fresh) {
    if (!w.place || (w.status !== 'FAILED' && w.status !== 'EXITED')) continue;
    byProgramme.set(w.place.programme, [...(byProgramme.get(w.place.programme) ?? []), w]);
  }
  for (const [programme, workers] of byProgramme) {
    const key = parseProgrammeId(programme);
    const now = deps.now();
    await deps.programmes.createLedger(key, {
      sk: ledgerSk(id),
      opId: `release#${id}`,
      state: 'NEW',
      // Covered once enrolled (an exit): the months up to now are due. Never enrolled: everything comes back.
      rows: workers.map((w): LedgerRow => {
        const place = w.place as NonNullable<QuotaWorker['place']>;
        const covered = w.status === 'EXITED' && w.coverageStart !== undefined;
        return [refundFor(place, now, covered), w.nikHash, place.kecamatan, place.op];
      }),
      createdAt: now.toISOString(),
    });
    const done = await finishRelease(deps, key, id);
    result.released += done.released;
    result.refund += done.refund;
    result.programmes.push(key);
  }
  return result;
}

/** Steps 2–4 for the ledger RELEASE#<id> of a programme (idempotent). */
async function finishRelease(
  deps: QuotaDeps,
  key: ProgrammeKey,
  id: string,
): Promise<{ released: number; refund: number }> {
  const opId = `release#${id}`;
  const ledger = await deps.programmes.getLedger(key, ledgerSk(id));
  if (!ledger) return { released: 0, refund: 0 };
  const rows = ledger.rows.map(([refund, nikHash, kecamatan, placeOp]) => ({
    refund,
    nikHash,
    kecamatan,
    placeOp: placeOp ?? '',
  }));
  let record: OpRecord | undefined = ledger.result;
  if (!record) {
    const marked = await pMap(
      rows,
      (r) => deps.workers.markReleasing({ nikHash: r.nikHash, desa: '' }, r.placeOp, opId),
      {
        concurrency: 16,
      },
    );
    const mine = rows.filter((_, i) => marked[i]);
    const outcome = await applyOnce(
      deps,
      key,
      opId,
      () => {
        const delta = emptyDelta();
        delta.used = -mine.length;
        delta.committed = -mine.reduce((n, r) => n + r.refund, 0);
        for (const r of mine) delta.kecUsed[r.kecamatan] = (delta.kecUsed[r.kecamatan] ?? 0) - 1;
        return { record: { kind: 'release', at: deps.now().toISOString(), delta }, guard: {} };
      },
      { applied: async () => (await deps.programmes.getLedger(key, ledgerSk(id)))?.result },
    );
    record = outcome.record;
    await deps.programmes.setLedgerState(
      key,
      ledger.sk,
      ['NEW'],
      'APPLIED',
      deps.now().toISOString(),
      record,
    );
  }
  const at = deps.now().toISOString();
  await pMap(
    rows,
    (r) =>
      deps.workers.clearPlace(
        { nikHash: r.nikHash, desa: '' },
        { op: r.placeOp },
        { op: opId, refund: r.refund, at },
      ),
    { concurrency: 16 },
  );
  await deps.programmes.setLedgerState(key, ledger.sk, ['NEW', 'APPLIED'], 'DONE', at, record);
  await deps.programmes.markOpDone(key, opId, at, []);
  return { released: -record.delta.used, refund: -record.delta.committed };
}
