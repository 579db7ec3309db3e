import { errorClass } from '../../shared/errors.ts';
import type { WorkerRow } from '../../validation/types.ts';

/**
 * The port to BPJS Ketenagakerjaan. Today regencies exchange collective-registration files with the branch
 * office; an API may come. Adapters: file exchange (production default), HTTP, and a local simulator.
 */
/** A worker as handed to BPJS: the full NIK travels here, and only here (the enrollment hand-off). */
export type BpjsParticipant = Pick<
  WorkerRow,
  'nik' | 'name' | 'birthDate' | 'gender' | 'desa' | 'kecamatan' | 'occupation' | 'phone'
>;

export interface EnrollmentBatch {
  /** Deterministic per upload chunk: a retried task submits the same batch id, which the gateway de-duplicates. */
  batchId: string;
  createdAt: string;
  /** Coverage period and the premium paid per worker per month (JKK + JKM, integer Rupiah). */
  periodStart: string;
  periodEnd: string;
  monthlyContribution: number;
  participants: BpjsParticipant[];
}

export type ParticipantResult =
  | { nik: string; outcome: 'ACCEPTED'; kpj: string; coverageStart: string }
  | { nik: string; outcome: 'REJECTED'; reason: string };

/** An answer with the batch it answers (an acknowledgement's BATCH_ID; the batch a gateway was sent). */
export type BatchAnswer = ParticipantResult & { batchId: string };

/** `sync`: the results are known now (HTTP, simulator). `async`: they arrive later as acknowledgement files. */
export type SubmitResult =
  | { mode: 'sync'; results: ParticipantResult[] }
  | { mode: 'async'; files: string[] };

export interface BpjsGateway {
  readonly name: string;
  submit(batch: EnrollmentBatch): Promise<SubmitResult>;
}

/** The gateway is unavailable for now: Step Functions retries the task with backoff. */
export class BpjsTransientError extends errorClass('BpjsTransientError', {
  code: 'BPJS_UNAVAILABLE',
  kind: 'unavailable',
  retryable: true,
}) {}

/**
 * The gateway refused the whole batch in a way a retry cannot fix (bad credentials, malformed request): the
 * workflow goes straight to its Catch (src/workflow-errors.ts, checked by `npm run validate:asl`).
 */
export class BpjsPermanentError extends errorClass('BpjsPermanentError', {
  code: 'BPJS_REFUSED',
  kind: 'internal',
  retryable: false,
}) {}
