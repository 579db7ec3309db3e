import { tallyStatuses } from '../coverage/rollup.ts';
import type { ChunkRef, PromotionTrigger, QuotaDeps } from '../quota/context.ts';
import { type ProgrammeKey, programmeId } from '../quota/model.ts';
import { programmeForReservation } from '../quota/programme.ts';
import { placeFor, reservationOpId, reserveChunk } from '../quota/reserve.ts';
import { errorClass } from '../shared/errors.ts';
import { UploadNotFoundError } from '../uploads/errors.ts';
import type { ChunkTask, Upload } from '../uploads/model.ts';
import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import { chunkStates } from '../workers/lifecycle.ts';
import type { WorkerRepository } from '../workers/ports.ts';

export interface ReserveQuotaDeps {
  storage: UploadStorage;
  uploads: UploadRepository;
  workers: WorkerRepository;
  hash: (nik: string) => string;
  now: () => Date;
  quota: QuotaDeps & {
    /** 4-digit regency code of the deployment, e.g. '6408'. */
    regency: string;
    /** Starts a promotion when rows were waitlisted while a place they could take was free. */
    promote?: PromotionTrigger;
  };
}

/** No programme covers the upload's date: the chunk fails with this reason (nothing is dropped: rows stay PENDING). */
export class NoProgrammeError extends errorClass('NoProgrammeError', {
  code: 'NO_PROGRAMME',
  kind: 'not-found',
  retryable: false,
}) {
  constructor(regency: string, day: string) {
    super(
      `Tidak ada program untuk kabupaten ${regency} pada ${day}: jalankan "lindung program set".`,
      `No programme of regency ${regency} covers ${day}: run "lindung program set".`,
    );
  }
}

/**
 * Quota step for a chunk: the chunk's PENDING workers get a place (RESERVED) while the programme's headcount,
 * budget and kecamatan allocation allow, the rest are WAITLISTED in first-come order (src/quota/reserve.ts).
 * Registration's outcomes (the chunk's record) say who is PENDING; the places granted are recorded once, on the
 * chunk's record (`res`), not on each worker. A later run of the chunk finds `res` and reserves nothing.
 * The programme is the one covering the month after the upload arrived (when coverage would start), fixed by
 * the upload's date so that every retry reserves in the same programme. Idempotent per chunk.
 */
export async function reserveQuota(
  deps: ReserveQuotaDeps,
  task: ChunkTask,
): Promise<ChunkTask & { reserved: number; waitlisted: number }> {
  const upload = await deps.uploads.get(task.uploadId);
  if (!upload) throw new UploadNotFoundError(task.uploadId);
  const programme = await programmeForReservation(
    deps.quota.programmes,
    deps.quota.regency,
    new Date(upload.createdAt),
  );
  if (!programme) throw new NoProgrammeError(deps.quota.regency, upload.createdAt.slice(0, 10));
  const key: ProgrammeKey = { regency: programme.regency, year: programme.year };
  // The programme decides, when the upload is first reserved, whether its enrollment waits for approval; the
  // upload remembers its programme (its coverage counters live there).
  const firstSeen: Partial<Upload> = {
    ...(programme.requiresApproval && !upload.approvalRequired ? { approvalRequired: true } : {}),
    ...(upload.programme ? {} : { programme: programmeId(key) }),
  };
  if (Object.keys(firstSeen).length > 0) await deps.uploads.update(task.uploadId, firstSeen);
  const chunk: ChunkRef = { uploadId: task.uploadId, chunk: task.chunk };

  const [rows, record] = await Promise.all([
    deps.storage.readChunk(task.uploadId, task.chunk),
    deps.uploads.getChunk(task.uploadId, task.chunk, true),
  ]);
  const reg = record?.reg;
  if (reg?.length !== rows.length)
    throw new Error(`chunk ${task.chunk} of upload ${task.uploadId} is not registered`);
  let res = record?.res;
  if (!res) {
    const pending = rows.flatMap((row, pos) =>
      reg[pos] === 'P' ? [{ pos, row: row.row, nikHash: deps.hash(row.nik), desa: row.desa }] : [],
    );
    if (pending.length === 0) return { ...task, reserved: 0, waitlisted: 0 };
    const result = await reserveChunk(deps.quota, key, chunk, pending, `workflow:${task.uploadId}`, {
      placesOnChunk: true,
    });
    if (result.promotionDue && deps.quota.promote) await deps.quota.promote(key);
    // The reservation goes on the chunk's record once: who got a place ('G') and who waits ('W'), by position.
    const granted = new Set(result.reserved);
    const waiting = new Set(result.waitlisted.map((w) => w.nikHash));
    const g = Array.from(rows, () => '.');
    for (const p of pending) g[p.pos] = granted.has(p.nikHash) ? 'G' : waiting.has(p.nikHash) ? 'W' : '.';
    const place = placeFor(programmeId(key), reservationOpId(chunk), result.record, '');
    res = {
      at: result.record.at,
      op: place.op,
      programme: place.programme,
      fromMonth: place.fromMonth,
      endMonth: place.endMonth,
      monthlyPremium: place.monthlyPremium,
      committed: place.committed,
      g: g.join(''),
    };
  }
  const states = chunkStates(rows.length, { reg, res }, new Map());
  const mine = rows.flatMap((row, pos) => {
    const status = states[pos];
    return status && status !== 'DUPLICATE' ? [{ desa: row.desa, status }] : [];
  });
  const reserved = mine.filter((w) => w.status === 'RESERVED').length;
  const waitlisted = mine.filter((w) => w.status === 'WAITLISTED').length;
  await deps.uploads.putChunkOutcome(task.uploadId, task.chunk, {
    waitlisted,
    reserved,
    res,
    states: tallyStatuses(mine),
  });
  return { ...task, reserved, waitlisted };
}
