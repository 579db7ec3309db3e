/**
 * `lindung program import-covered FILE`: workers the regency already pays for. They are registered (so later
 * uploads listing them are DUPLICATE), ENROLLED, and counted against the quota and the budget for the whole
 * programme — even above the quota, since they are covered already (the gauge then shows the overrun).
 *
 * In batches, each an op `import#<importId>#<n>` (importId from the file's content): the registry claims are
 * idempotent (a NIK claimed by this import stays this import's), the batch's ledger item IMPORT#… records the
 * rows and goes DONE at the end, so importing the same file again counts nothing twice.
 */
import pMap from 'p-map';
import type { WorkerRow } from '../validation/types.ts';
import type { Worker } from '../workers/model.ts';
import { monthOf, monthsInclusive } from './calendar.ts';
import { kecamatanOf, type QuotaDeps } from './context.ts';
import { emptyDelta, type ProgrammeKey, programmeId } from './model.ts';
import { applyOnce, mustGetProgramme } from './ops.ts';
import { placeFor } from './reserve.ts';

const BATCH = 200;

export interface ImportDeps extends QuotaDeps {
  /** The registry claim (WorkerRepository.claim). */
  claim: (worker: Worker) => Promise<'claimed' | 'duplicate'>;
  hash: (nik: string) => string;
}

export interface ImportResult {
  importId: string;
  imported: number;
  /** Already registered by an upload or another import. */
  duplicates: number;
}

export async function importCovered(
  deps: ImportDeps,
  key: ProgrammeKey,
  importId: string,
  rows: WorkerRow[],
): Promise<ImportResult> {
  const programme = await mustGetProgramme(deps.programmes, key);
  const fromMonth = monthOf(programme.startDate);
  const endMonth = monthOf(programme.endDate);
  const cost = programme.monthlyPremium * monthsInclusive(fromMonth, endMonth);
  const result: ImportResult = { importId, imported: 0, duplicates: 0 };
  for (let b = 0; b * BATCH < rows.length; b++) {
    const batch = rows.slice(b * BATCH, (b + 1) * BATCH);
    const sk = `IMPORT#${importId}#${b + 1}`;
    const opId = `import#${importId}#${b + 1}`;
    const at = deps.now().toISOString();
    const done = await deps.programmes.getLedger(key, sk);
    if (done?.state === 'DONE') {
      result.imported += done.rows.length;
      result.duplicates += batch.length - done.rows.length;
      continue;
    }
    const claims = await pMap(
      batch,
      async (row) => {
        const worker: Worker = {
          ...row,
          nikHash: deps.hash(row.nik),
          uploadId: importId,
          status: 'ENROLLED',
          coverageStart: programme.startDate,
          reason: 'sudah ditanggung APBD / already covered (import)',
          createdAt: at,
          updatedAt: at,
        };
        return { worker, claim: await deps.claim(worker) };
      },
      { concurrency: 16 },
    );
    const mine = claims.filter((c) => c.claim === 'claimed').map((c) => c.worker);
    const ledger = await deps.programmes.createLedger(key, {
      sk,
      opId,
      state: 'NEW',
      rows: mine.map((w) => [w.row, w.nikHash, w.desa]),
      createdAt: at,
    });
    const { record } = await applyOnce(
      deps,
      key,
      opId,
      (state) => {
        const delta = emptyDelta();
        const grants: Record<string, number> = {};
        for (const [, , desa] of ledger.rows)
          grants[kecamatanOf(desa)] = (grants[kecamatanOf(desa)] ?? 0) + 1;
        delta.used = ledger.rows.length;
        delta.committed = ledger.rows.length * cost;
        delta.kecUsed = { ...grants };
        return {
          record: {
            kind: 'import',
            at,
            delta,
            grants,
            costPerPlace: cost,
            fromMonth,
            endMonth,
            monthlyPremium: state.monthlyPremium,
          },
          guard: {},
        };
      },
      { applied: async () => (await deps.programmes.getLedger(key, sk))?.result },
    );
    await pMap(
      ledger.rows,
      ([, nikHash, desa]) =>
        deps.workers.setPlace({ nikHash, desa }, placeFor(programmeId(key), opId, record, kecamatanOf(desa))),
      { concurrency: 16 },
    );
    await deps.programmes.setLedgerState(
      key,
      sk,
      ['NEW', 'APPLIED'],
      'DONE',
      deps.now().toISOString(),
      record,
    );
    await deps.programmes.markOpDone(key, opId, deps.now().toISOString(), []);
    result.imported += ledger.rows.length;
    result.duplicates += batch.length - ledger.rows.length;
  }
  return result;
}
