import type { Employer, Gender } from '../validation/types.ts';

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

export interface Worker {
  nikHash: string;
  /** Full NIK: stored encrypted at rest, shown only in the BPJS hand-off. */
  nik: string;
  name: string;
  birthDate: string;
  gender: Gender;
  desa: string;
  kecamatan: string;
  occupation: string;
  phone?: string;
  employer?: Employer;
  uploadId: string;
  row: number;
  status: WorkerStatus;
  createdAt: string;
  updatedAt: string;
  kpj?: string;
  coverageStart?: string;
  reason?: string;
}

export interface StatusChange {
  to: WorkerStatus;
  reason: string;
  /** What made the change: a workflow task, an administrator, an acknowledgement file. */
  by: string;
  at: string;
  patch?: Partial<Pick<Worker, 'kpj' | 'coverageStart' | 'reason'>>;
}
