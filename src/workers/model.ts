import type { WorkerRow } from '../validation/types.ts';

/** Membership lifecycle of a worker in the registry (DESIGN.md; issue #5 extends it). */
export const WORKER_STATUSES = [
  'PENDING',
  'REFERRED',
  'RESERVED',
  'WAITLISTED',
  'SUBMITTED',
  'ENROLLED',
  'FAILED',
  'EXITED',
] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

/** A registered worker: the validated row (full NIK stored encrypted at rest) and its registry state. */
export interface Worker extends WorkerRow {
  nikHash: string;
  uploadId: string;
  /** The staged chunk the worker came in (outcome counts are kept per chunk). */
  chunk?: number;
  /** Position in the staged chunk (0-based): the chunk's records say what happened to it (lifecycle.ts). */
  pos?: number;
  /** The BPJS batch that carried the worker's registration. */
  batchId?: string;
  status: WorkerStatus;
  createdAt: string;
  updatedAt: string;
  /** BPJS Ketenagakerjaan participant number. */
  kpj?: string;
  coverageStart?: string;
  coverageEnd?: string;
  /** Why the last change happened (e.g. the branch's rejection reason). */
  reason?: string;
  /** Every status change: when, to what, why, and by what (appended with the change itself). */
  history?: Array<{ to: WorkerStatus; reason: string; by: string; at: string }>;
}

export interface StatusChange {
  to: WorkerStatus;
  reason: string;
  /** What made the change: a workflow task, an administrator, an acknowledgement file. */
  by: string;
  at: string;
  patch?: Partial<Pick<Worker, 'kpj' | 'coverageStart' | 'coverageEnd' | 'reason' | 'batchId'>>;
}

/** What the sparse waitlist index of the workers table carries: what promotion needs to take the head of the line. */
export const WAITLIST_ATTRIBUTES = ['nikHash', 'desa', 'kecamatan', 'uploadId', 'waitlist'];
