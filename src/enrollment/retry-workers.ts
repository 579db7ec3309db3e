import type { QuotaDeps } from '../quota/context.ts';
import type { ProgrammeKey } from '../quota/model.ts';
import type { QuotaWorker } from '../quota/ports.ts';
import { reserveChunk } from '../quota/reserve.ts';
import { rerunChunks, type StartEnrollment } from './rerun-chunks.ts';

export interface RetryResult {
  /** Workers put back on the way to BPJS (FAILED → PENDING → RESERVED or WAITLISTED). */
  retried: number;
  reserved: number;
  waitlisted: number;
  /** Workers that were not FAILED (nothing to retry), by status. */
  skipped: Record<string, number>;
  executions: string[];
}

/**
 * `lindung worker retry`: FAILED workers (their place was given back when they failed) ask the programme for a
 * place again — reserved when there is room, else at the back of the line — and the reserved ones go through
 * the enrollment workflow of their upload again. A worker left PENDING by an interrupted retry is picked up.
 */
export async function retryWorkers(
  deps: { quota: QuotaDeps; start: StartEnrollment; by: string },
  programme: ProgrammeKey,
  workers: QuotaWorker[],
): Promise<RetryResult> {
  const at = deps.quota.now().toISOString();
  const result: RetryResult = { retried: 0, reserved: 0, waitlisted: 0, skipped: {}, executions: [] };
  const again: QuotaWorker[] = [];
  for (const w of workers) {
    const moved =
      w.status === 'PENDING' ||
      (w.status === 'FAILED' &&
        (await deps.quota.workers.transition(w, ['FAILED'], {
          to: 'PENDING',
          reason: `dicoba lagi / retry requested (was: ${w.reason ?? 'failed'})`,
          by: deps.by,
          at,
        })));
    if (moved) again.push(w);
    else result.skipped[w.status] = (result.skipped[w.status] ?? 0) + 1;
  }
  if (again.length === 0) return result;
  result.retried = again.length;
  const retryRef = { uploadId: `retry-${deps.quota.now().getTime().toString(36)}`, chunk: 1 };
  await reserveChunk(
    deps.quota,
    programme,
    retryRef,
    again.map((w) => ({ row: w.row, nikHash: w.nikHash, desa: w.desa })),
    deps.by,
  );
  const after = await deps.quota.workers.getMany(again.map((w) => w.nikHash));
  const reserved = after.filter((w) => w.status === 'RESERVED');
  result.reserved = reserved.length;
  result.waitlisted = after.filter((w) => w.status === 'WAITLISTED').length;
  result.executions = await rerunChunks(
    deps.start,
    reserved
      .filter((w) => w.chunk !== undefined)
      .map((w) => ({ uploadId: w.uploadId, chunk: w.chunk as number })),
    'r',
    deps.quota.now(),
  );
  return result;
}
