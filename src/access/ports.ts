import type { Uploader } from '../validation/types.ts';
import type { Actor, Role, UserRecord } from './model.ts';

/** Users' roles and areas, keyed by the Cognito `sub` (access table). */
export interface UserStore {
  get(sub: string): Promise<UserRecord | undefined>;
  put(user: UserRecord): Promise<void>;
  list(): Promise<UserRecord[]>;
  setDisabled(sub: string, disabled: boolean): Promise<void>;
}

/** The sign-in side of users: Cognito in AWS, cognito-local on the local stack (same API). */
export interface IdentityProvider {
  /** Creates the sign-in (email as user name) with a permanent password, in the role's group; returns its `sub`. */
  createUser(email: string, password: string, role: Role): Promise<string>;
  /** Blocks sign-in; tokens already issued expire on their own. */
  disableUser(email: string): Promise<void>;
}

/** One change a person made, kept append-only (audit). */
export interface AuditEvent {
  id: string;
  at: string;
  actor: Actor;
  /** What was done, e.g. `programme.set`, `upload.approve`, `user.add`, `worker.lookup`. */
  action: string;
  /** What it was done to, e.g. `programme#6408#2026`, `upload#<id>`, `user#<sub>`. */
  entity: string;
  old?: unknown;
  new?: unknown;
  requestId?: string;
}

export interface AuditLog {
  /** Appends one event (never overwrites: an event id is written once). */
  record(event: Omit<AuditEvent, 'id' | 'at'> & { at?: string }): Promise<AuditEvent>;
  /** Newest first; with `entity`, that entity's events only. */
  list(options: { entity?: string; limit: number }): Promise<AuditEvent[]>;
}

/** Who asked for a presigned upload, found again by the id the POST policy pins into the object's metadata. */
export interface PresignRecord {
  id: string;
  key: string;
  uploader: Uploader;
  actor: Actor;
  at: string;
}

export interface PresignStore {
  put(record: PresignRecord): Promise<void>;
  get(id: string): Promise<PresignRecord | undefined>;
}

/** Issues a browser POST form for one object key (S3 presigned POST). */
export interface UploadPresigner {
  presignPost(input: {
    key: string;
    maxBytes: number;
    metadata: Record<string, string>;
    expiresSeconds: number;
  }): Promise<{ url: string; fields: Record<string, string> }>;
}

/** The presign id an uploaded object carries in its metadata (`x-amz-meta-presign-id`). */
export const PRESIGN_META = 'presign-id';
