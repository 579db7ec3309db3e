import type { ProgrammeKey } from '../quota/model.ts';
import type { AreaCounter, CoverageSnapshot, DailyCounts } from './model.ts';

/**
 * Reads the coverage counters. One query per programme (a partition of per-desa counter items), never a scan
 * of the workers table: a report for 1,000,000 workers reads a few hundred small items.
 */
export interface CoverageReader {
  snapshot(programme: ProgrammeKey): Promise<CoverageSnapshot>;
  /** Day by day changes, `from` and `to` inclusive (YYYY-MM-DD), days without change omitted. */
  daily(programme: ProgrammeKey, from: string, to: string): Promise<DailyCounts[]>;
}

/** One change to the counters of one desa, e.g. a chunk's 480 rows of desa X: enrolled +470, failed +10. */
export interface AreaDelta {
  desa: string;
  kecamatan: string;
  /** Positive or negative (a worker moving from waitlisted to enrolled: waitlisted −1, enrolled +1). */
  counts: Partial<Record<AreaCounter, number>>;
}

/**
 * Writes the coverage counters. `opId` names the change (e.g. `enroll#<uploadId>#<chunk>`): applying the same
 * opId twice (a retried task, a re-delivered event) changes the counters once.
 */
export interface CoverageWriter {
  apply(programme: ProgrammeKey, opId: string, deltas: AreaDelta[], at: string): Promise<void>;
}
