/**
 * The one place that decides what a caller may see and do (DESIGN.md: "Access is decided in one place").
 * Every read and change of the API goes through src/access/scoped-access.ts, which asks these functions.
 * Outside the caller's scope the answer is always the same 403, whether or not the thing exists.
 */
import { forbidden, LindungError } from '../shared/errors.ts';
import type { Upload } from '../uploads/model.ts';
import { uploaderKey } from '../uploads/upload-key.ts';
import type { Uploader } from '../validation/types.ts';
import type { Caller, Role } from './model.ts';

/** Roles that see the whole regency. */
const REGENCY: readonly Role[] = ['admin', 'approver', 'viewer'];

export function requireRole(caller: Caller, roles: readonly Role[]): void {
  if (!roles.includes(caller.role)) throw forbidden();
}

export const seesRegency = (caller: Caller): boolean => REGENCY.includes(caller.role);

/** The uploader a desa or agency user uploads as (and whose uploads it sees); none for regency roles. */
export function ownUploader(caller: Caller): Uploader | undefined {
  if (caller.role === 'desa' && caller.desa) return { kind: 'desa', desa: caller.desa };
  if (caller.role === 'agency' && caller.agency) return { kind: 'agency', agency: caller.agency };
  return undefined;
}

/** `desa#<code>` / `agency#<id>`: the uploads index partition a scoped caller may list. */
export function ownUploaderKey(caller: Caller): string | undefined {
  const own = ownUploader(caller);
  return own ? uploaderKey(own) : undefined;
}

/** A missing upload and someone else's answer alike for scoped callers (403), 404 only for the regency. */
export function mayReadUpload(caller: Caller, upload: Upload | undefined): upload is Upload {
  if (seesRegency(caller)) return upload !== undefined;
  const key = ownUploaderKey(caller);
  if (!upload || !key || !upload.uploader || uploaderKey(upload.uploader) !== key) throw forbidden();
  return true;
}

/** Whether the counters of a desa are the caller's to see. */
export function maySeeDesa(caller: Caller, desa: string): boolean {
  if (seesRegency(caller)) return true;
  return caller.role === 'desa' && caller.desa === desa;
}

/** The S3 prefix a caller may upload under: its own desa or agency folder (DESIGN.md "Upload keys"). */
export function uploadPrefix(caller: Caller): string {
  const own = ownUploader(caller);
  if (!own) throw forbidden();
  return own.kind === 'desa' ? `uploads/desa/${own.desa}/` : `uploads/agency/${own.agency}/`;
}

/** Maker–checker: approve/reject needs approver or admin, and never on one's own upload. */
export function mayDecide(caller: Caller, upload: Upload): void {
  requireRole(caller, ['approver', 'admin']);
  if (upload.uploadedBy && upload.uploadedBy.id === caller.sub)
    throw new LindungError(
      'forbidden',
      'SELF_APPROVAL',
      'Unggahan Anda sendiri harus diputuskan oleh orang lain.',
      'Your own upload must be decided by someone else.',
    );
}
