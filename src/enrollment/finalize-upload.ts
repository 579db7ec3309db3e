import type { CoverageWriter } from '../coverage/ports.ts';
import { regencyDay, uploadCoverage } from '../coverage/rollup.ts';
import { type ProgrammeKey, parseProgrammeId } from '../quota/model.ts';
import { UploadNotFoundError } from '../uploads/errors.ts';
import type { Upload, UploadStatus, UploadSummary } from '../uploads/model.ts';
import { noOutcomes, OUTCOME_COUNTS, summarize } from '../uploads/model.ts';
import type { ChunkOutcome, UploadRepository } from '../uploads/ports.ts';

export interface FinalizeUploadDeps {
  uploads: UploadRepository;
  now: () => Date;
  /** Keeps the coverage counters: the upload's contribution, recomputed from its chunks, in its programme. */
  counters?: {
    writer: CoverageWriter;
    /** The programme of an upload no quota step has seen (every row rejected or duplicate): by its date. */
    programmeOf: (upload: Upload) => Promise<ProgrammeKey | undefined>;
    /** The regency's time zone: the day a change is counted on. */
    timeZone: string;
  };
}

/**
 * Last workflow step: adds up the chunk outcomes and closes the upload. If the outcomes do not add up to the
 * row count, the upload is FAILED with the difference named: a worker is never dropped silently. The upload's
 * coverage counters per desa are set from the same chunk records (also when an acknowledgement file closes it).
 */
export async function finalizeUpload(
  deps: FinalizeUploadDeps,
  input: { uploadId: string; error?: { Error?: string; Cause?: string } },
): Promise<UploadSummary> {
  const upload = await deps.uploads.get(input.uploadId);
  if (!upload) throw new UploadNotFoundError(input.uploadId);
  const chunks = await deps.uploads.listChunkOutcomes(input.uploadId);
  const outcomes = noOutcomes();
  let staged = 0;
  for (const c of chunks) {
    staged += c.staged;
    for (const k of OUTCOME_COUNTS) outcomes[k] += c[k];
  }
  const accounted = OUTCOME_COUNTS.reduce((n, k) => n + outcomes[k], upload.rejected);
  let failureReason: string | undefined;
  if (input.error)
    failureReason = `workflow failed: ${input.error.Error ?? 'error'} ${input.error.Cause ?? ''}`.trim();
  else if (staged !== upload.staged)
    failureReason = `staged ${upload.staged} rows but the workflow saw ${staged}`;
  else if (accounted !== upload.rows) failureReason = `${upload.rows} rows but ${accounted} outcomes`;
  const heldForApproval = outcomes.reserved > 0 && upload.approvalRequired === true && !upload.approval;
  const status: UploadStatus = failureReason
    ? 'FAILED'
    : heldForApproval
      ? 'AWAITING_APPROVAL'
      : outcomes.submitted + outcomes.reserved > 0
        ? 'AWAITING_BPJS'
        : 'COMPLETED';
  const patch = {
    status,
    outcomes,
    updatedAt: deps.now().toISOString(),
    ...(failureReason ? { failureReason } : {}),
  };
  await deps.uploads.update(input.uploadId, patch);
  if (deps.counters) await putCoverage(deps.counters, upload, chunks, deps.now());
  return summarize({ ...upload, ...patch });
}

/** The upload's coverage counters per desa, SET in its programme (repeating it changes nothing). */
async function putCoverage(
  coverage: NonNullable<FinalizeUploadDeps['counters']>,
  upload: Upload,
  chunks: ChunkOutcome[],
  now: Date,
): Promise<void> {
  const programme = upload.programme
    ? parseProgrammeId(upload.programme)
    : await coverage.programmeOf(upload);
  if (!programme) return; // no programme at all: nothing can be counted against one
  const counts = uploadCoverage(
    upload,
    chunks.map((c) => ({ tallies: [c.registered ?? {}, c.states ?? {}] })),
  );
  await coverage.writer.putUpload(programme, counts, now.toISOString(), regencyDay(now, coverage.timeZone));
}
