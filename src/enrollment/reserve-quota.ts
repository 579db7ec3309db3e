import { tallyStatuses } from '../coverage/rollup.ts';
import type { ChunkRef, PromotionTrigger, QuotaDeps } from '../quota/context.ts';
import { type ProgrammeKey, programmeId } from '../quota/model.ts';
import { programmeForReservation } from '../quota/programme.ts';
import { reservationSk, reserveChunk } from '../quota/reserve.ts';
import { errorClass } from '../shared/errors.ts';
import { UploadNotFoundError } from '../uploads/errors.ts';
import type { ChunkTask, Upload } from '../uploads/model.ts';
import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import type { WorkerRepository } from '../workers/ports.ts';
import { workersOfChunk } from './chunk-workers.ts';

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

  const mine = await workersOfChunk(deps, task.uploadId, task.chunk);
  const pending = mine.filter((w) => w.status === 'PENDING');
  const started = pending.length > 0 || (await deps.quota.programmes.getLedger(key, reservationSk(chunk)));
  let after = mine;
  if (started) {
    const result = await reserveChunk(
      deps.quota,
      key,
      chunk,
      pending.map((w) => ({ row: w.row, nikHash: w.nikHash, desa: w.desa })),
      `workflow:${task.uploadId}`,
    );
    if (result.promotionDue && deps.quota.promote) await deps.quota.promote(key);
    // The chunk's workers as reserveChunk left them (its conditional writes moved every PENDING one), without
    // reading them again.
    const reservedNow = new Set(result.reserved);
    const waitingNow = new Set(result.waitlisted.map((w) => w.nikHash));
    after = mine.map((w) =>
      w.status !== 'PENDING'
        ? w
        : reservedNow.has(w.nikHash)
          ? { ...w, status: 'RESERVED' as const }
          : waitingNow.has(w.nikHash)
            ? { ...w, status: 'WAITLISTED' as const }
            : w,
    );
  }
  const reserved = after.filter((w) => w.status === 'RESERVED').length;
  const waitlisted = after.filter((w) => w.status === 'WAITLISTED').length;
  await deps.uploads.putChunkOutcome(task.uploadId, task.chunk, { waitlisted, states: tallyStatuses(after) });
  return { ...task, reserved, waitlisted };
}
