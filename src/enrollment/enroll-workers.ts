import pMap from 'p-map';
import type { ChunkTask } from '../uploads/model.ts';
import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import { batchTime } from '../workers/lifecycle.ts';
import type { Worker } from '../workers/model.ts';
import type { WorkerRepository } from '../workers/ports.ts';
import { applyBpjsResults, type PlaceReleaser } from './apply-bpjs-results.ts';
import { type BatchRepository, batchIdFor } from './batches.ts';
import type { BpjsGateway, BpjsParticipant } from './bpjs/gateway.ts';
import { type ChunkCounts, recountChunk, storeChunkCounts } from './chunk-outcome.ts';
import { readChunk, workersOf } from './chunk-workers.ts';

/** The coverage a batch asks for, from the programme: first month, last day, premium per worker per month. */
export interface CoveragePeriod {
  periodStart: string;
  periodEnd: string;
  monthlyContribution: number;
}

export interface EnrollWorkersDeps {
  storage: UploadStorage;
  uploads: UploadRepository;
  workers: WorkerRepository;
  batches: BatchRepository;
  gateway: BpjsGateway;
  releaser: PlaceReleaser;
  coverage: (today: Date) => Promise<CoveragePeriod>;
  hash: (nik: string) => string;
  now: () => Date;
}

export type EnrollTask = ChunkTask & { executionArn?: string };

/**
 * Enrollment step for a chunk (held while the upload awaits an administrator's approval): the RESERVED workers'
 * positions are recorded on the chunk's record as the batch's (SUBMITTED, one write for the batch) before it
 * goes to BPJS, so a crash after the hand-off re-submits the same batch id with the same workers. A transient gateway failure is thrown (Step Functions retries with
 * backoff); per-worker answers are applied at once (simulator, HTTP) or later from acknowledgement files (file
 * exchange).
 */
export async function enrollWorkers(
  deps: EnrollWorkersDeps,
  task: EnrollTask,
): Promise<EnrollTask & ChunkCounts> {
  // One batch per execution and chunk: a retried task resubmits the same batch, a later run (promotion, retry)
  // sends a new one, never re-using an answered batch id.
  const batchId = batchIdFor(task.executionArn?.split(':').at(-1) ?? task.uploadId, task.chunk);
  const now = deps.now();
  // A programme that needs approval: places stay held (RESERVED) until `lindung approve` runs this step again.
  const upload = await deps.uploads.get(task.uploadId);
  let view = await readChunk(deps, task.uploadId, task.chunk);
  let current = workersOf(view);
  if (upload?.approvalRequired && !upload.approval)
    return { ...task, ...(await storeChunkCounts(deps, task.uploadId, task.chunk, current)) };
  // The batch's positions: as first recorded (a retried task resends the same batch), else every RESERVED one,
  // recorded on the chunk's record (SUBMITTED, one write for the batch) unless another run recorded a batch
  // since this one read it (then read again: no worker goes to BPJS in two batches).
  let awaiting: typeof current = [];
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      view = await readChunk(deps, task.uploadId, task.chunk, view);
      current = workersOf(view);
    }
    const sent = view.record.sent?.[batchId];
    // A retried task resends its batch's workers still awaiting an answer (answered ones are left as they are).
    awaiting = current.filter((w) =>
      sent
        ? sent.p[w.pos ?? -1] === '1' && (w.status === 'SUBMITTED' || w.status === 'RESERVED')
        : w.status === 'RESERVED',
    );
    if (sent || awaiting.length === 0) break;
    // One mark per position of the staged chunk (duplicates of earlier uploads included: they have none).
    const p = Array.from(view.positions, () => '0');
    for (const w of awaiting) p[w.pos ?? 0] = '1';
    const seen = Object.keys(view.record.sent ?? {}).length;
    // Recorded after every change it was formed from: a worker promoted or retried one by one while this task ran
    // has an event later than `now`, and the merge by time (src/workers/lifecycle.ts) must see the batch after it.
    const batch = { at: batchTime(now, awaiting), p: p.join('') };
    if (await deps.uploads.putChunkBatch(task.uploadId, task.chunk, batchId, batch, seen)) break;
    if (attempt >= 10) throw new Error(`chunk ${task.chunk} of upload ${task.uploadId} keeps changing`);
  }
  if (awaiting.length > 0) {
    const coverage = await deps.coverage(now);
    await deps.batches.record({
      batchId,
      uploadId: task.uploadId,
      chunk: task.chunk,
      ...(task.executionArn ? { executionArn: task.executionArn } : {}),
      gateway: deps.gateway.name,
      participants: awaiting.length,
      submittedAt: now.toISOString(),
    });
    const result = await deps.gateway.submit({
      batchId,
      createdAt: now.toISOString(),
      ...coverage,
      participants: [...awaiting].sort((a, b) => a.row - b.row).map(participant),
    });
    if (result.mode === 'sync')
      await applyBpjsResults(
        deps,
        result.results.map((r) => ({ ...r, batchId })),
        { by: `bpjs:${deps.gateway.name}:${batchId}`, coverageEnd: coverage.periodEnd, answer: 'reply' },
        view,
      );
  }
  // Counted from the chunk's records as they are now (another attempt of this task may have answered some).
  return { ...task, ...(await recountChunk(deps, task.uploadId, task.chunk, view)) };
}

/**
 * After the gateway kept failing (retries exhausted, or a permanent refusal): the chunk's reserved and submitted
 * workers become FAILED with the reason — visible, retryable with `lindung worker retry` — and their places are
 * released. No worker is left without an outcome.
 */
export async function failChunkEnrollment(
  deps: Omit<EnrollWorkersDeps, 'gateway' | 'coverage' | 'batches'>,
  task: ChunkTask & { error?: { Error?: string; Cause?: string } },
): Promise<ChunkTask & ChunkCounts> {
  const reason = `BPJS gateway: ${task.error?.Error ?? 'error'}${task.error?.Cause ? ` (${task.error.Cause.slice(0, 300)})` : ''}`;
  const at = deps.now().toISOString();
  const view = await readChunk(deps, task.uploadId, task.chunk);
  const mine = workersOf(view);
  const stuck = mine.filter((w) => w.status === 'RESERVED' || w.status === 'SUBMITTED');
  // FAILED with a place still held: a crash came between their failure and the release.
  const failed: Worker[] = mine.filter((w) => w.status === 'FAILED' && 'place' in w);
  await pMap(
    stuck,
    async (w) => {
      const changed = await deps.workers.transition(w, ['RESERVED', 'SUBMITTED'], {
        to: 'FAILED',
        reason,
        by: `workflow:${task.uploadId}`,
        at,
        patch: { reason },
      });
      if (changed) failed.push(w);
    },
    { concurrency: 16 },
  );
  if (failed.length > 0) await deps.releaser.release(failed, 'enrollment failed');
  return {
    uploadId: task.uploadId,
    chunk: task.chunk,
    ...(await recountChunk(deps, task.uploadId, task.chunk, view)),
  };
}

function participant(w: Worker): BpjsParticipant {
  return {
    nik: w.nik,
    name: w.name,
    birthDate: w.birthDate,
    gender: w.gender,
    desa: w.desa,
    kecamatan: w.kecamatan,
    occupation: w.occupation,
    ...(w.phone ? { phone: w.phone } : {}),
  };
}
