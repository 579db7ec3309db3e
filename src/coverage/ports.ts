import type { ProgrammeKey } from '../quota/model.ts';
import type { CoverageSnapshot, DailyCounts, DesaCounts } from './model.ts';

/**
 * Reads the coverage counters. One query per programme (a partition of per-upload counter items), never a scan
 * of the workers table: a report for 1,000,000 workers reads a few hundred small items.
 */
export interface CoverageReader {
  snapshot(programme: ProgrammeKey): Promise<CoverageSnapshot>;
  /** Day by day changes, `from` and `to` inclusive (YYYY-MM-DD), days without change omitted. */
  daily(programme: ProgrammeKey, from: string, to: string): Promise<DailyCounts[]>;
}

/** The counters one upload contributes, per desa it named (src/coverage/rollup.ts computes them). */
export interface UploadCoverage {
  uploadId: string;
  byDesa: DesaCounts[];
}

/**
 * Writes the coverage counters. Each upload's contribution is recomputed from its chunk outcomes (the pipeline
 * steps keep those) and SET, not added: applying the same contribution twice (a retried task, a re-delivered
 * event, a second acknowledgement file) leaves the counters as they were, so no op record is needed and the
 * items never grow with the number of operations. The change against the upload's counters at the start of
 * `day` (YYYY-MM-DD, regency time) is kept as that day's change.
 */
export interface CoverageWriter {
  putUpload(programme: ProgrammeKey, coverage: UploadCoverage, at: string, day: string): Promise<void>;
}
