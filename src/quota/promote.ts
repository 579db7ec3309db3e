/**
 * Promotion: when places free (an enrollment fails for good, a worker exits, the quota or budget is raised), the
 * head of the waitlist moves into RESERVED, in line order, and on to enrollment.
 *
 * One promoter at a time per programme holds a lease on the programme item (token + expiry); every promotion op
 * is applied under `promoter = <token>`, so a promoter whose lease expired cannot apply anything. A batch is
 * decided from the head of the line re-read consistently from the registry, recorded in a ledger item
 * (PROMOTION#<op>), applied once (ops.ts), then the workers move WAITLISTED → RESERVED. A promoter that finds
 * a promotion or a waitlist exit left half-done by a crashed one finishes it before deciding anything new.
 */
import pMap from 'p-map';
import { rerunChunks } from '../enrollment/rerun-chunks.ts';
import { sendQuotaAlerts } from './alerts.ts';
import { allocate, globalRoom, kecamatanRoom, promotable, splitByGrant } from './allocate.ts';
import { placeCost } from './calendar.ts';
import { type ChunkRef, kecamatanOf, type QuotaDeps } from './context.ts';
import { type OpRecord, type ProgrammeKey, type ProgrammeState, programmeId } from './model.ts';
import { applyOnce, LeaseLostError, mustGetProgramme } from './ops.ts';
import type { LedgerRow, WaitlistEntry } from './ports.ts';
import { finishLeave } from './release.ts';
import { placeFor } from './reserve.ts';

export const LEASE_MS = 120_000;
const PAGE = 200;

export interface PromotionOptions {
  /** Who or what asked (CLI user, workflow), for the workers' history. */
  by: string;
  /** Most workers promoted per op (one write of the counters). */
  batchSize?: number;
  maxRounds?: number;
  /** The chunks whose workers were promoted: enroll them (the enrollment step, per chunk). */
  onPromoted?: (chunks: ChunkRef[]) => Promise<void>;
}

export interface PromotionResult {
  promoted: Array<{ nikHash: string; uploadId: string; chunk: number; position: number }>;
  /** Another promoter holds the lease: it will see what changed. */
  busy: boolean;
}

export async function promoteWaitlist(
  deps: QuotaDeps,
  key: ProgrammeKey,
  options: PromotionOptions,
): Promise<PromotionResult> {
  const token = crypto.randomUUID();
  const until = () => new Date(deps.now().getTime() + LEASE_MS).toISOString();
  if (!(await deps.programmes.acquireLease(key, token, until(), deps.now().toISOString())))
    return { promoted: [], busy: true };
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const promoted: PromotionResult['promoted'] = [];
  let released = false;
  try {
    await finishHalfDone(deps, key, options.by, promoted);
    const maxRounds = options.maxRounds ?? 100;
    for (let round = 0; round < maxRounds; round++) {
      const state = await mustGetProgramme(deps.programmes, key);
      if (state.lease?.token !== token)
        throw new LeaseLostError(
          `Giliran promosi program ${programmeId(key)} hilang.`,
          `Promotion lease of ${programmeId(key)} lost.`,
        );
      const { cost } = placeCost(state, deps.now());
      if (!promotable(state, cost)) {
        const full = state.budgetCeiling - cost;
        if (await deps.programmes.releaseLease(key, token, { opSeq: state.opSeq, committedAbove: full })) {
          released = true;
          break;
        }
        continue; // something changed since we looked
      }
      const head = await headOfLine(deps, state, cost, options.batchSize ?? 500);
      if (head.length === 0) {
        await sleep(Math.min(1000, 50 * (round + 1))); // the index has not caught up with the registry yet
        continue;
      }
      const opId = `promote#${token}#${round}`;
      const ledger = await deps.programmes.createLedger(key, {
        sk: `PROMOTION#${opId}`,
        opId,
        state: 'NEW',
        rows: head.map((e) => [e.position, e.nikHash, e.desa, e.uploadId, e.chunk]),
        createdAt: deps.now().toISOString(),
      });
      const { record } = await applyOnce(
        deps,
        key,
        opId,
        (s) => {
          const terms = placeCost(s, deps.now());
          const a = allocate(s, head, terms.cost, 'promote');
          return {
            record: {
              kind: 'promote',
              at: deps.now().toISOString(),
              delta: a.delta,
              grants: a.grants,
              costPerPlace: terms.cost,
              fromMonth: terms.fromMonth,
              endMonth: terms.endMonth,
              monthlyPremium: s.monthlyPremium,
            },
            guard: { ...a.guard, leaseToken: token },
          };
        },
        {
          leaseUntil: until,
          applied: async () => (await deps.programmes.getLedger(key, ledger.sk))?.result,
          check: (s) => {
            if (s.lease?.token !== token)
              throw new LeaseLostError(
                `Giliran promosi program ${programmeId(key)} hilang.`,
                `Promotion lease of ${programmeId(key)} lost.`,
              );
          },
        },
      );
      await deps.programmes.setLedgerState(
        key,
        ledger.sk,
        ['NEW'],
        'APPLIED',
        deps.now().toISOString(),
        record,
      );
      promoted.push(...(await finishPromotion(deps, key, opId, record, ledger.rows, options.by)));
    }
  } finally {
    if (!released) await deps.programmes.releaseLease(key, token);
  }
  if (promoted.length > 0) {
    await sendQuotaAlerts(deps, key, await mustGetProgramme(deps.programmes, key));
    if (options.onPromoted) {
      const chunks = new Map(
        promoted.map((p) => [`${p.uploadId}#${p.chunk}`, { uploadId: p.uploadId, chunk: p.chunk }]),
      );
      await options.onPromoted([...chunks.values()]);
    }
  }
  return { promoted, busy: false };
}

/**
 * The first workers in line who can get a place now, re-read from the registry (the index can lag): still
 * WAITLISTED at the same position, their kecamatan allocation not full. At most the free places.
 */
async function headOfLine(
  deps: QuotaDeps,
  state: ProgrammeState,
  cost: number,
  batchSize: number,
): Promise<WaitlistEntry[]> {
  const want = Math.min(batchSize, globalRoom(state, cost));
  const taken: Record<string, number> = {};
  const head: WaitlistEntry[] = [];
  let afterPosition: number | undefined;
  while (head.length < want) {
    const page = await deps.workers.listWaitlist(programmeId(state), {
      limit: PAGE,
      ...(afterPosition !== undefined ? { afterPosition } : {}),
    });
    if (page.length === 0) break;
    afterPosition = page.at(-1)?.position;
    const open = page.filter((e) => (taken[e.kecamatan] ?? 0) < kecamatanRoom(state, e.kecamatan));
    const fresh = new Map(
      (await deps.workers.getMany(open.map((e) => e.nikHash))).map((w) => [w.nikHash, w]),
    );
    for (const e of open) {
      const w = fresh.get(e.nikHash);
      if (w?.status !== 'WAITLISTED' || w.waitlist?.position !== e.position) continue;
      if ((taken[e.kecamatan] ?? 0) >= kecamatanRoom(state, e.kecamatan)) continue;
      taken[e.kecamatan] = (taken[e.kecamatan] ?? 0) + 1;
      head.push(e);
      if (head.length >= want) break;
    }
    if (page.length < PAGE) break;
  }
  return head;
}

async function finishPromotion(
  deps: QuotaDeps,
  key: ProgrammeKey,
  opId: string,
  record: OpRecord,
  rows: LedgerRow[],
  by: string,
): Promise<PromotionResult['promoted']> {
  const entries = rows.map(([position, nikHash, desa, uploadId, chunk]) => ({
    position,
    nikHash,
    desa,
    kecamatan: kecamatanOf(desa),
    uploadId: uploadId ?? '',
    chunk: chunk ?? 0,
  }));
  const { granted } = splitByGrant(entries, record.grants ?? {});
  const programme = programmeId(key);
  await pMap(
    granted,
    (e) =>
      deps.workers.grantPlace(e, ['WAITLISTED'], placeFor(programme, opId, record, e.kecamatan), {
        to: 'RESERVED',
        reason: 'naik dari daftar tunggu / promoted from the waitlist',
        by,
        at: deps.now().toISOString(),
      }),
    { concurrency: 16 },
  );
  const at = deps.now().toISOString();
  await deps.programmes.setLedgerState(key, `PROMOTION#${opId}`, ['NEW', 'APPLIED'], 'DONE', at, record);
  await deps.programmes.markOpDone(key, opId, at, []);
  return granted.map(({ nikHash, uploadId, chunk, position }) => ({ nikHash, uploadId, chunk, position }));
}

/** Promotions and waitlist exits a crashed holder applied but did not finish. */
async function finishHalfDone(
  deps: QuotaDeps,
  key: ProgrammeKey,
  by: string,
  promoted: PromotionResult['promoted'],
): Promise<void> {
  const state = await mustGetProgramme(deps.programmes, key);
  for (const [opId, op] of Object.entries(state.ops)) {
    if (op.done) continue;
    if (op.kind === 'promote') {
      const ledger = await deps.programmes.getLedger(key, `PROMOTION#${opId}`);
      if (ledger) promoted.push(...(await finishPromotion(deps, key, opId, op, ledger.rows, by)));
    } else if (op.kind === 'leave') {
      await finishLeave(deps, key, opId, by);
    }
  }
}

/**
 * A promotion trigger that enrolls the promoted workers through the enrollment workflow: one execution per
 * upload over its promoted chunks (register and reserve find their work done, enroll submits the newly RESERVED
 * workers, finalize refreshes the upload's outcome counts). `start` is the WorkflowStarter of the enrollment
 * state machine. Returns the executions started.
 */
export function promoteThroughEnrollment(
  deps: QuotaDeps,
  start: (name: string, input: { uploadId: string; chunks: number[] }) => Promise<string>,
  by: string,
): (key: ProgrammeKey) => Promise<PromotionResult & { executions: string[] }> {
  return async (key) => {
    const executions: string[] = [];
    const result = await promoteWaitlist(deps, key, {
      by,
      onPromoted: async (chunks) => {
        executions.push(...(await rerunChunks(start, chunks, 'p', deps.now())));
      },
    });
    return { ...result, executions };
  };
}
