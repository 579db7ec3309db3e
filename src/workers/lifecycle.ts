/**
 * A worker's current state, from its registry item and its chunk's records (pure).
 *
 * On the normal path the worker item is written once, at registration (PENDING or REFERRED, with its chunk and
 * position in the chunk). What then happens to a whole chunk is recorded once per chunk, on the chunk's record
 * (uploads table, UPLOAD#<id> / CHUNK#<n>), not on each worker:
 * - `reg`: registration's outcome per position ('P' pending, 'R' referred, 'D' duplicate of an earlier upload);
 * - `res`: the reservation (its op, place terms, and per position 'G' place granted or 'W' waitlisted);
 * - `sent`: per BPJS batch, when it was sent and which positions it carried;
 * - its batches' answers: the accepted workers' KPJ and coverage, once per answer (ENROLLED).
 * Per-worker writes remain for exceptions only (waitlisted, failed, exited, retried, promoted, changed by hand);
 * each appends an event to the item's history. The current state merges the two by time: the item's events in
 * order, the chunk's events among them, a chunk event applying only to a worker in the state it follows
 * (granted a place: PENDING; sent: RESERVED). Equal times put the item's event first.
 */
import type { Place } from '../quota/model.ts';
import type { Worker, WorkerStatus } from './model.ts';

type HistoryEntry = NonNullable<Worker['history']>[number];

export interface ChunkReservation {
  at: string;
  /** The op that granted the places (`reserve#<uploadId>#<chunk>`). */
  op: string;
  programme: string;
  fromMonth: string;
  endMonth: string;
  monthlyPremium: number;
  committed: number;
  /** One character per position: 'G' granted a place, 'W' waitlisted, '.' not reserved (referred, duplicate). */
  g: string;
}

export interface ChunkBatch {
  at: string;
  /** One character per position: '1' carried by the batch. */
  p: string;
}

/**
 * BPJS's acceptances of one batch's workers from one answer (an acknowledgement file, or the gateway's
 * synchronous reply), recorded once: position → `<kpj>|<coverage start>|<nik hash>`. Refusals are written on
 * the workers themselves (FAILED: the reason, the sparse byArea index, the place given back).
 */
export interface ChunkAnswers {
  batchId: string;
  at: string;
  by: string;
  coverageEnd: string;
  e: Record<string, string>;
}

/** What a chunk's record says about its workers (uploads table, CHUNK#<n>), with its batches' answers. */
export interface ChunkLifecycle {
  /** Registration's outcome, one character per position: 'P' pending, 'R' referred, 'D' duplicate. */
  reg?: string;
  res?: ChunkReservation;
  sent?: Record<string, ChunkBatch>;
  answers?: ChunkAnswers[];
  /** Positions changed one by one after registration (read their items for their state). */
  x?: number[];
}

/** A worker item with the quota fields it may carry. */
export type StoredWorker = Worker & { place?: Place; releasedPlace?: { op: string } };

const RESERVED_REASON = 'tempat kuota dipesan / quota place reserved';
const ACCEPTED_REASON = 'diterima BPJS Ketenagakerjaan, KPJ ';
const sentReason = (batchId: string) => `dikirim ke BPJS Ketenagakerjaan (batch ${batchId})`;

interface ChunkEvent {
  at: string;
  to: 'RESERVED' | 'SUBMITTED' | 'ENROLLED';
  from: WorkerStatus;
  batchId?: string;
  answer?: { kpj: string; coverageStart: string; coverageEnd: string; by: string };
}

/** `<kpj>|<coverage start>|<nik hash>` of an accepted worker. */
export const acceptance = (a: { kpj: string; coverageStart: string; nikHash: string }) =>
  `${a.kpj}|${a.coverageStart}|${a.nikHash}`;
export function parseAcceptance(value: string): { kpj: string; coverageStart: string; nikHash: string } {
  const [kpj = '', coverageStart = '', nikHash = ''] = value.split('|');
  return { kpj, coverageStart, nikHash };
}

/** The chunk's events for the worker at `pos`, in time order. */
function chunkEvents(pos: number, chunk: ChunkLifecycle): ChunkEvent[] {
  const events: ChunkEvent[] = [];
  if (chunk.res?.g[pos] === 'G') events.push({ at: chunk.res.at, to: 'RESERVED', from: 'PENDING' });
  for (const [batchId, b] of Object.entries(chunk.sent ?? {}))
    if (b.p[pos] === '1') events.push({ at: b.at, to: 'SUBMITTED', from: 'RESERVED', batchId });
  for (const a of chunk.answers ?? []) {
    const value = a.e[String(pos)];
    if (value === undefined) continue;
    const { kpj, coverageStart } = parseAcceptance(value);
    const answer = { kpj, coverageStart, coverageEnd: a.coverageEnd, by: a.by };
    events.push({ at: a.at, to: 'ENROLLED', from: 'SUBMITTED', batchId: a.batchId, answer });
  }
  return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The batch that carried the worker at `pos` (the first sent, if a later one listed it again), if any. */
export function batchOf(pos: number, chunk: ChunkLifecycle): string | undefined {
  let first: [string, ChunkBatch] | undefined;
  for (const entry of Object.entries(chunk.sent ?? {}))
    if (entry[1].p[pos] === '1' && (!first || entry[1].at < first[1].at)) first = entry;
  return first?.[0];
}

/** The place a chunk reservation granted. */
export function chunkPlace(res: ChunkReservation, kecamatan: string): Place {
  const { programme, op, fromMonth, endMonth, monthlyPremium, committed } = res;
  return { programme, op, kecamatan, fromMonth, endMonth, monthlyPremium, committed };
}

/**
 * When a batch formed from `workers` is recorded: `now`, or just after the latest change of those workers when
 * that is later. A worker promoted or retried one by one while the enrollment task ran carries an event later
 * than the task's start; the merge by time must see the batch after it, or the sent worker would stay RESERVED
 * and its answer would not apply.
 */
export function batchTime(now: Date, workers: ReadonlyArray<{ updatedAt: string }>): string {
  let latest = now.getTime();
  for (const w of workers) {
    const changed = Date.parse(w.updatedAt);
    if (changed >= latest) latest = changed + 1;
  }
  return new Date(latest).toISOString();
}

/**
 * The worker as it is now: status, batch, place, last change and the whole history, merged from the item and
 * its chunk's records. A worker of another chunk, or without a position, is returned as stored.
 */
export function currentWorker<W extends StoredWorker>(item: W, chunk: ChunkLifecycle | undefined): W {
  if (!chunk || item.pos === undefined) return item;
  const events = chunkEvents(item.pos, chunk);
  if (events.length === 0) return item;
  const stored = item.history ?? [{ to: item.status, reason: '', by: '', at: item.createdAt }];
  const history: HistoryEntry[] = [];
  let status: WorkerStatus = stored[0]?.to ?? item.status;
  let batchId = item.batchId;
  let reservedByChunk = false;
  let answer: ChunkEvent['answer'];
  let updatedAt = item.updatedAt;
  let next = 0;
  const applyChunkEventsBefore = (at: string | undefined) => {
    while (next < events.length) {
      const e = events[next] as ChunkEvent;
      if (at !== undefined && e.at >= at) return;
      next += 1;
      // An answer applies to the batch that carried the worker, a batch only to a RESERVED one.
      if (status !== e.from || (e.answer && e.batchId !== batchId)) continue;
      status = e.to;
      if (e.to === 'RESERVED') reservedByChunk = true;
      if (e.batchId) batchId = e.batchId;
      if (e.answer) answer = e.answer;
      if (e.at > updatedAt) updatedAt = e.at;
      history.push({
        to: e.to,
        reason: e.answer
          ? `${ACCEPTED_REASON}${e.answer.kpj}`
          : e.batchId
            ? sentReason(e.batchId)
            : RESERVED_REASON,
        by: e.answer ? e.answer.by : `workflow:${item.uploadId}`,
        at: e.at,
      });
    }
  };
  stored.forEach((event, i) => {
    if (i > 0) applyChunkEventsBefore(event.at);
    history.push(event);
    status = event.to;
  });
  applyChunkEventsBefore(undefined);
  const res = chunk.res;
  const place =
    item.place ??
    (reservedByChunk && res && item.releasedPlace?.op !== res.op
      ? chunkPlace(res, item.kecamatan ?? item.desa.slice(0, 6))
      : undefined);
  return {
    ...item,
    status,
    updatedAt,
    history,
    ...(batchId ? { batchId } : {}),
    ...(place ? { place } : {}),
    ...(answer
      ? { kpj: answer.kpj, coverageStart: answer.coverageStart, coverageEnd: answer.coverageEnd }
      : {}),
  };
}

/** What a worker's status counts as in its chunk's outcome (undefined: PENDING, counted nowhere yet). */
export type ChunkPositionState = WorkerStatus | 'DUPLICATE';

/**
 * The state of every position of a chunk from its records alone, for positions whose items were not read
 * (`read`: the current workers of the positions whose items were, by position). A position only the records
 * describe is PENDING, REFERRED, RESERVED or SUBMITTED; one that changed one by one is in `x`, and the caller
 * reads it.
 */
export function chunkStates(
  size: number,
  chunk: ChunkLifecycle,
  read: Map<number, Pick<Worker, 'status'>>,
): ChunkPositionState[] {
  const states: ChunkPositionState[] = [];
  for (let pos = 0; pos < size; pos++) {
    const worker = read.get(pos);
    if (worker) {
      states.push(worker.status);
      continue;
    }
    const reg = chunk.reg?.[pos];
    if (reg === 'D') states.push('DUPLICATE');
    else if (reg === 'R') states.push('REFERRED');
    else if (chunk.res?.g[pos] === 'G') {
      const sentIn = batchOf(pos, chunk);
      const answered = (chunk.answers ?? []).some(
        (a) => a.batchId === sentIn && a.e[String(pos)] !== undefined,
      );
      states.push(answered ? 'ENROLLED' : sentIn ? 'SUBMITTED' : 'RESERVED');
    } else if (chunk.res?.g[pos] === 'W') states.push('WAITLISTED');
    else states.push('PENDING');
  }
  return states;
}

/**
 * The positions whose items must be read to know their state: changed one by one (`x`: refused, exited,
 * retried…), or waitlisted at the reservation (a promotion may have moved them).
 */
export function positionsToRead(size: number, chunk: ChunkLifecycle): number[] {
  const read = new Set(chunk.x ?? []);
  for (let pos = 0; pos < size; pos++) if (chunk.res?.g[pos] === 'W') read.add(pos);
  return [...read].filter((p) => p < size).sort((a, b) => a - b);
}
