import type { ClaimBucket, MatchedWorker, StoredClaim } from './model.ts';

/** Finds the registry worker of a claim line: by NIK hash, or by KPJ (the programme's BPJS answers). */
export interface ClaimWorkerMatcher {
  byKpj(kpj: string): Promise<MatchedWorker | undefined>;
  byNikHash(nikHash: string): Promise<MatchedWorker | undefined>;
}

export type ApplyOutcome = 'applied' | 'already-applied';

/**
 * Keeps matched claims and their counters. `apply` is idempotent per `lineId`: the line item is written once
 * (conditional put), and its amount is added to its bucket once (an op mark on the bucket, written in the same
 * conditional update as the addition), so a replayed file, a re-delivered event or a crash half-way change
 * the counters exactly once.
 */
export interface ClaimStore {
  apply(regency: string, claim: StoredClaim, at: string): Promise<ApplyOutcome>;
  /** Counter buckets whose payment month is within `fromMonth`..`toMonth` (YYYY-MM, inclusive). */
  buckets(regency: string, fromMonth: string, toMonth: string): Promise<ClaimBucket[]>;
}
