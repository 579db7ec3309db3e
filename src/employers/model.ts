import type { Employer as ListedEmployer } from '../validation/types.ts';

export type { ListedEmployer };

export type EmployerType = 'company' | 'construction';

export interface EmployerProject {
  name: string;
  /** Pengguna jasa / pemilik proyek (the client), who shares the duty to register project workers. */
  owner?: string;
}

/**
 * An employer: from the Disnakertrans registry (`inRegistry`), or created when a worker list names an
 * employer the registry does not know (then it has no e-mail and goes to the daily digest).
 */
export interface Employer {
  /** `nib:<13 digits>` or `name:<normalised name>` (see names.ts). */
  key: string;
  nib?: string;
  name: string;
  normalizedName: string;
  /** Where notices go; empty for employers without a known e-mail. */
  emails: string[];
  address?: string;
  type: EmployerType;
  projects: EmployerProject[];
  inRegistry: boolean;
  importedAt?: string;
  /** Counters, refreshed whenever the employer is looked at by the workflow. */
  referred: number;
  outstanding: number;
  registered: number;
  notices: number;
  escalations: number;
  firstReferredAt?: string;
  lastReferredAt?: string;
  lastNoticeAt?: string;
  lastEscalationAt?: string;
  /** Last notice or escalation about this employer: no second one within the window. */
  lastContactAt?: string;
  /** The run that made the last contact (a retried task of the same run may finish it). */
  lastContactRunId?: string;
  updatedAt: string;
}

export type ReferralStatus = 'QUEUED' | 'NOTIFIED' | 'REGISTERED';

/** A referred worker under one employer: queued for the next notice until registered. No full NIK here. */
export interface Referral {
  employerKey: string;
  nikHash: string;
  /** `6408**********12`. */
  nikMasked: string;
  name: string;
  desa: string;
  desaName: string;
  kecamatan: string;
  kecamatanName: string;
  uploadId: string;
  /** Row of the worker in the uploaded file. */
  row: number;
  /** The employer as the worker list named it. */
  listed: ListedEmployer;
  project?: string;
  referredAt: string;
  status: ReferralStatus;
  /** Notices that listed this worker. */
  notices: number;
  noticeIds: string[];
  lastNoticeAt?: string;
  escalatedAt?: string;
  /** When this worker was first listed in a digest of unknown employers. */
  digestedAt?: string;
  registeredAt?: string;
  /** `admin:<who>`, `bpjs` (acknowledged), `registry:<status>` (the worker left REFERRED). */
  registeredBy?: string;
}

export const isOutstanding = (r: Pick<Referral, 'status'>) => r.status !== 'REGISTERED';

export type ContactKind = 'NOTICE' | 'ESCALATION';

/** One notice to an employer or one escalation about it to Disnakertrans, with its recipients. */
export interface ContactRecord {
  employerKey: string;
  /** The workflow run that sent it (one contact per employer per run). */
  id: string;
  kind: ContactKind;
  /** 1 for the first notice (or escalation) about this employer, … */
  sequence: number;
  at: string;
  to: string[];
  cc: string[];
  subject: string;
  workerCount: number;
  respondBy?: string;
  /** FAILED: SES refused it after the task's retries (the reason is kept; the next run tries again). */
  status: 'SENDING' | 'SENT' | 'FAILED';
  messageId?: string;
  sentAt?: string;
  failure?: string;
}

export interface DigestEntry {
  employerKey: string;
  name: string;
  nib?: string;
  reason: 'NOT_IN_REGISTRY' | 'NO_EMAIL';
  workerCount: number;
}

/** The daily digest of unknown employers to Disnakertrans. */
export interface DigestRecord {
  id: string;
  at: string;
  to: string[];
  subject: string;
  entries: DigestEntry[];
  status: 'SENDING' | 'SENT';
  messageId?: string;
}

/** An e-mail as the notices need it: HTML and plain text, no attachments. */
export interface OutgoingMail {
  to: string[];
  cc: string[];
  replyTo: string[];
  subject: string;
  html: string;
  text: string;
}
