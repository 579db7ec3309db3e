import { createHash } from 'node:crypto';
import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import { maskNik } from '../validation/nik.ts';
import type { WorkerRepository } from '../workers/ports.ts';
import { type ApplyResultsDeps, applyBpjsResults } from './apply-bpjs-results.ts';
import type { BatchRepository } from './batches.ts';
import { parseAcknowledgement } from './bpjs/file-exchange.ts';
import { recountChunk } from './chunk-outcome.ts';
import type { CoveragePeriod } from './enroll-workers.ts';
import { type FinalizeUploadDeps, finalizeUpload } from './finalize-upload.ts';

export interface IngestAcknowledgementDeps extends ApplyResultsDeps {
  storage: UploadStorage;
  uploads: UploadRepository;
  workers: WorkerRepository;
  batches: BatchRepository;
  coverage: (today: Date) => Promise<CoveragePeriod>;
  /** Where the ingestion report goes (reports/bpjs-ack/<file>.json). */
  putReport: (key: string, report: unknown) => Promise<void>;
  /** The coverage counters of the uploads it closes. */
  counters?: FinalizeUploadDeps['counters'];
}

export interface AcknowledgementSummary {
  key: string;
  batchIds: string[];
  enrolled: number;
  failed: number;
  alreadyApplied: number;
  /** Masked NIKs the branch answered for that lindung never submitted. */
  unknown: string[];
  /** Batches the file names that lindung never sent, with their answers' count: nothing of them is applied. */
  unknownBatches: Array<{ batchId: string; answers: number }>;
  /** Answers for a worker that the named batch does not carry (masked NIK): not applied. */
  mismatched: Array<{ nik: string; batchId: string }>;
  /** Workers BPJS accepted after they had exited (masked NIK, KPJ): end these memberships at BPJS. */
  acceptedAfterExit: Array<{ nik: string; batchId: string; kpj: string }>;
  problems: Array<{ line: number; reason: string }>;
  uploads: string[];
  reportKey: string;
}

/**
 * The branch office's acknowledgement file (dropped into inbound/bpjs/): applies each answer, recounts the
 * affected upload chunks and closes those uploads (COMPLETED once nobody awaits BPJS any more), and records the
 * file on its batches. A replayed file changes nothing (answers apply only to SUBMITTED workers); answers naming a
 * batch lindung never sent, or a worker of another batch, change nothing and are listed in the report.
 */
export async function ingestAcknowledgement(
  deps: IngestAcknowledgementDeps,
  file: { key: string; text: string },
): Promise<AcknowledgementSummary> {
  const ack = parseAcknowledgement(file.text);
  const coverage = await deps.coverage(deps.now());
  const applied = await applyBpjsResults(deps, ack.results, {
    by: `bpjs-ack:${file.key}`,
    coverageEnd: coverage.periodEnd,
    // The file's acceptances are recorded under its name: a replayed file writes the same record again.
    answer: createHash('sha256').update(file.key).digest('base64url').slice(0, 12),
  });
  for (const c of applied.chunks) await recountChunk(deps, c.uploadId, c.chunk, c);
  const uploads = [...new Set(applied.chunks.map((c) => c.uploadId))];
  for (const uploadId of uploads) await finalizeUpload(deps, { uploadId });
  const at = deps.now().toISOString();
  for (const batchId of applied.knownBatches) {
    const tally = ack.tally[batchId] ?? { accepted: 0, rejected: 0 };
    await deps.batches.addAcknowledgement(batchId, { key: file.key, at, ...tally });
  }
  const reportKey = `reports/bpjs-ack/${file.key.split('/').at(-1) ?? 'ack'}.json`;
  const summary: AcknowledgementSummary = {
    key: file.key,
    batchIds: ack.batchIds,
    enrolled: applied.enrolled,
    failed: applied.failed,
    alreadyApplied: applied.alreadyApplied,
    unknown: applied.unknown.map(maskNik),
    unknownBatches: applied.unknownBatches,
    mismatched: applied.mismatched.map((m) => ({ ...m, nik: maskNik(m.nik) })),
    acceptedAfterExit: applied.acceptedAfterExit.map((m) => ({ ...m, nik: maskNik(m.nik) })),
    problems: ack.problems,
    uploads,
    reportKey,
  };
  await deps.putReport(reportKey, summary);
  return summary;
}
