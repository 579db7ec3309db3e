/**
 * Reserving places for one staged chunk of valid rows (the ReserveQuota step of the enrollment workflow).
 *
 * 1. Ledger item RESERVATION#<uploadId>#<chunk> is created with the chunk's rows (conditional put: the first
 *    attempt's rows win, so every retry decides on exactly the same input).
 * 2. The op `reserve#<uploadId>#<chunk>` is applied once to the programme counters (see ops.ts): places for as
 *    many rows as both limits (and the kecamatan allocation) allow, the rest take the next waitlist positions —
 *    all in one conditional write that also records the grant.
 * 3. The ledger item records the result (APPLIED); the workers move PENDING → RESERVED (with the place: cost,
 *    months) or PENDING → WAITLISTED (with their position) by conditional writes, so repeating them is harmless.
 *    A staged chunk's places stay on the ledger and the chunk's record instead (`placesOnChunk`): only its
 *    waitlisted workers are written.
 * 4. Ledger DONE, op marked done. A crash anywhere repeats from the ledger without counting anything twice.
 */
import pMap from 'p-map';
import { sendQuotaAlerts } from './alerts.ts';
import { allocate, promotable, splitByGrant } from './allocate.ts';
import { placeCost } from './calendar.ts';
import { type ChunkRef, kecamatanOf, type QuotaDeps } from './context.ts';
import { type OpRecord, type Place, type ProgrammeKey, type ProgrammeState, programmeId } from './model.ts';
import { applyOnce, mustGetProgramme } from './ops.ts';
import type { LedgerEntry, LedgerRow } from './ports.ts';

export interface ReservationRow {
  row: number;
  nikHash: string;
  desa: string;
}

export interface ReservationResult {
  /** The op's record: the places' terms and when it was applied. */
  record: OpRecord;
  reserved: string[];
  waitlisted: Array<{ nikHash: string; position: number }>;
  /** After this chunk, someone waiting could be given a place: start a promotion. */
  promotionDue: boolean;
  state: ProgrammeState;
}

export const reservationOpId = (c: ChunkRef) => `reserve#${c.uploadId}#${c.chunk}`;
const reservationSk = (c: ChunkRef) => `RESERVATION#${c.uploadId}#${c.chunk}`;

/** The places a recorded op granted, and how each is paid for. */
export function placeFor(programme: string, opId: string, record: OpRecord, kecamatan: string): Place {
  if (
    record.costPerPlace === undefined ||
    record.fromMonth === undefined ||
    record.endMonth === undefined ||
    record.monthlyPremium === undefined
  )
    throw new Error(`op ${opId} has no place terms`);
  return {
    programme,
    op: opId,
    kecamatan,
    fromMonth: record.fromMonth,
    endMonth: record.endMonth,
    monthlyPremium: record.monthlyPremium,
    committed: record.costPerPlace,
  };
}

const toAllocationRows = (rows: LedgerRow[]) =>
  rows.map(([row, nikHash, desa]) => ({ row, nikHash, desa, kecamatan: kecamatanOf(desa) }));

export async function reserveChunk(
  deps: QuotaDeps,
  key: ProgrammeKey,
  chunk: ChunkRef,
  rows: ReservationRow[],
  by: string,
  options: {
    /**
     * The places stay on the ledger and the chunk's record: granted workers are not written one by one (a
     * chunk's reservation; src/workers/lifecycle.ts). Otherwise each moves to RESERVED holding its place.
     */
    placesOnChunk?: boolean;
  } = {},
): Promise<ReservationResult> {
  const at = () => deps.now().toISOString();
  const opId = reservationOpId(chunk);
  const ledger: LedgerEntry = await deps.programmes.createLedger(key, {
    sk: reservationSk(chunk),
    opId,
    state: 'NEW',
    rows: [...rows].sort((a, b) => a.row - b.row).map((r) => [r.row, r.nikHash, r.desa]),
    createdAt: at(),
  });
  const input = toAllocationRows(ledger.rows);

  let record = ledger.result;
  if (!record) {
    const outcome = await applyOnce(
      deps,
      key,
      opId,
      (state) => {
        const terms = placeCost(state, deps.now());
        const a = allocate(state, input, terms.cost, 'new');
        return {
          record: {
            kind: 'reserve',
            at: at(),
            delta: a.delta,
            grants: a.grants,
            enqueued: a.enqueued,
            costPerPlace: terms.cost,
            fromMonth: terms.fromMonth,
            endMonth: terms.endMonth,
            monthlyPremium: state.monthlyPremium,
          },
          guard: a.guard,
          enqueue: a.enqueued,
        };
      },
      { applied: async () => (await deps.programmes.getLedger(key, ledger.sk))?.result },
    );
    record = outcome.record;
    await deps.programmes.setLedgerState(key, ledger.sk, ['NEW'], 'APPLIED', at(), record);
  }

  const { granted, rest } = splitByGrant(input, record.grants ?? {});
  const programme = programmeId(key);
  const firstPosition = record.firstPosition ?? 0;
  if (rest.length > 0 && firstPosition <= 0) throw new Error(`op ${opId} waitlisted rows without positions`);
  await pMap(
    options.placesOnChunk ? [] : granted,
    (w) =>
      deps.workers.grantPlace(w, ['PENDING'], placeFor(programme, opId, record, w.kecamatan), {
        to: 'RESERVED',
        reason: 'tempat kuota dipesan / quota place reserved',
        by,
        at: at(),
      }),
    { concurrency: 16 },
  );
  await pMap(
    rest,
    (w, i) =>
      deps.workers.enqueue(
        w,
        { programme, position: firstPosition + i, uploadId: chunk.uploadId, chunk: chunk.chunk, op: opId },
        {
          to: 'WAITLISTED',
          reason: 'kuota penuh: masuk daftar tunggu / quota full: waitlisted',
          by,
          at: at(),
        },
      ),
    { concurrency: 16 },
  );
  await deps.programmes.setLedgerState(key, ledger.sk, ['NEW', 'APPLIED'], 'DONE', at(), record);
  await deps.programmes.markOpDone(key, opId, at(), []);

  const after = await mustGetProgramme(deps.programmes, key);
  await sendQuotaAlerts(deps, key, after);
  return {
    record,
    reserved: granted.map((w) => w.nikHash),
    waitlisted: rest.map((w, i) => ({ nikHash: w.nikHash, position: firstPosition + i })),
    promotionDue: rest.length > 0 && promotable(after, placeCost(after, deps.now()).cost),
    state: after,
  };
}
