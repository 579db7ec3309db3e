import type { WorkerStatus } from '../workers/model.ts';
import type {
  ContactRecord,
  DigestRecord,
  Employer,
  EmployerProject,
  EmployerType,
  ListedEmployer,
  OutgoingMail,
  Referral,
} from './model.ts';

/** An employer as the Disnakertrans registry file lists it. */
export interface RegistryEmployer {
  key: string;
  nib?: string;
  name: string;
  normalizedName: string;
  emails: string[];
  address?: string;
  type: EmployerType;
  projects: EmployerProject[];
}

/** The counters and dates of an employer that the workflow maintains (never registry fields). */
export type EmployerState = Pick<
  Employer,
  | 'referred'
  | 'outstanding'
  | 'registered'
  | 'notices'
  | 'escalations'
  | 'lastNoticeAt'
  | 'lastEscalationAt'
  | 'updatedAt'
>;

/**
 * Employers table: employers (by NIB or normalised name), their referred workers awaiting a notice, the
 * notices and escalations sent, and the digests of unknown employers. Single-item conditional writes only.
 */
export interface EmployerStore {
  get(key: string): Promise<Employer | undefined>;
  /** Registry employers with this normalised name (several when the name is ambiguous). */
  findByName(normalizedName: string): Promise<Employer[]>;
  /** Creates or updates a registry entry; counters are left alone, projects are merged. */
  upsertRegistry(entry: RegistryEmployer, at: string): Promise<'created' | 'updated'>;
  /** Creates an employer that is not in the registry (no e-mail), unless the key exists. */
  ensureUnknown(e: { key: string; name: string; nib?: string }, at: string): Promise<void>;
  listAll(): Promise<Employer[]>;
  /** Employers that have (or had, until refreshed) referred workers not registered yet. */
  listOutstanding(): Promise<Employer[]>;
  /** Counts newly queued referrals (and marks the employer as having outstanding workers). */
  addReferred(key: string, count: number, at: string): Promise<void>;
  /** Sets counters and dates; `outstanding: 0` also clears the outstanding mark. */
  updateState(key: string, state: Partial<EmployerState>): Promise<void>;
  /**
   * Takes the contact slot of an employer for a run: succeeds when the last contact was at or before
   * `notAfter` (the window start), never happened, or was made by this same run (a retried task).
   */
  claimContact(key: string, runId: string, at: string, notAfter: string): Promise<boolean>;
  /** Gives the slot back (the e-mail could not be sent): the previous contact counts again. */
  releaseContact(key: string, runId: string, previous: { at?: string; runId?: string }): Promise<void>;

  /** Conditional put: 'exists' when this worker is already referred to this employer. */
  putReferral(referral: Referral): Promise<'queued' | 'exists'>;
  listReferrals(employerKey: string): Promise<Referral[]>;
  referralsOfWorker(nikHash: string): Promise<Referral[]>;
  updateReferral(employerKey: string, nikHash: string, patch: Partial<Referral>): Promise<void>;
  deleteReferral(employerKey: string, nikHash: string): Promise<void>;

  /** Idempotent per (employer, run): a retried task overwrites its own record. */
  putContact(contact: ContactRecord): Promise<void>;
  listContacts(employerKey: string): Promise<ContactRecord[]>;

  /** Takes the digest slot: like claimContact, for the one digest per interval. */
  claimDigest(runId: string, at: string, notAfter: string): Promise<boolean>;
  putDigest(digest: DigestRecord): Promise<void>;
  listDigests(limit: number): Promise<DigestRecord[]>;
}

/** A REFERRED worker of an upload, as the workers registry holds it. */
export interface ReferredWorker {
  nikHash: string;
  /** Full NIK: only used to mask it; never stored in the employers table, never logged. */
  nik: string;
  name: string;
  desa: string;
  kecamatan: string;
  uploadId: string;
  row: number;
  employer?: ListedEmployer;
}

export interface WorkerRegistration {
  status: WorkerStatus;
  kpj?: string;
}

/** The workers registry, as far as employer notification needs it. */
export interface ReferredWorkerSource {
  /** Workers this upload registered with status REFERRED. */
  referredOfUpload(uploadId: string): Promise<ReferredWorker[]>;
  /** Current status (and KPJ once BPJS acknowledged a registration) by NIK hash; missing workers omitted. */
  registrations(nikHashes: string[]): Promise<Map<string, WorkerRegistration>>;
  /** Appends "registered by the employer" to a REFERRED worker's history (the outcome stays REFERRED). */
  recordEmployerRegistration(
    worker: { nikHash: string; desa: string },
    by: string,
    at: string,
  ): Promise<boolean>;
}

export interface Mailer {
  /** Sends one e-mail; returns the provider's message id. */
  send(mail: OutgoingMail): Promise<string>;
}

/** Place names for letters: desa and kecamatan names by desa code (the code itself when unknown). */
export type PlaceNames = (desaCode: string) => { desa: string; kecamatan: string };
