import { randomUUID } from 'node:crypto';
import { forbidden, invalidRequest } from '../shared/errors.ts';
import { actorOf, type Caller } from './model.ts';
import { PRESIGN_META, type PresignStore, type UploadPresigner } from './ports.ts';
import { ownUploader, uploadPrefix } from './scope.ts';

export interface PresignDeps {
  presigner: UploadPresigner;
  presigns: PresignStore;
  maxFileBytes: number;
  now: () => Date;
}

const EXPIRES_SECONDS = 900;
const REGISTRY_FOLDER = 'employers/';

/**
 * A presigned POST for one new object under the caller's own prefix. The policy pins the exact key, the size
 * range up to the file limit and the presign id in the object's metadata; the id's record says who asked, and
 * the validator checks the uploaded key against it (S3 enforces the policy in AWS; s3rver does not).
 */
export async function presignUpload(
  deps: PresignDeps,
  caller: Caller,
  request: { fileName: string } | { key: string },
) {
  const prefix = uploadPrefix(caller);
  let fileName: string;
  let folder = '';
  if ('key' in request) {
    // A key asked for outright must lie under the caller's own prefix; an agency may name its employers/
    // folder (Disnakertrans's employer registry: uploads/agency/disnakertrans/employers/).
    if (!request.key.startsWith(prefix)) throw forbidden();
    fileName = request.key.slice(prefix.length);
    if (caller.role === 'agency' && fileName.startsWith(REGISTRY_FOLDER)) {
      folder = REGISTRY_FOLDER;
      fileName = fileName.slice(REGISTRY_FOLDER.length);
    }
  } else fileName = request.fileName;
  const name = fileName.trim();
  if (!name || name.length > 200 || /[/\\]/.test(name) || [...name].some((c) => c.charCodeAt(0) < 32))
    throw invalidRequest(
      'Nama berkas tidak boleh kosong, lebih dari 200 karakter, atau memuat / atau \\.',
      'The file name must not be empty, longer than 200 characters, or contain / or \\.',
    );
  const uploader = ownUploader(caller);
  if (!uploader) throw new Error('unreachable: uploadPrefix admits scoped callers only');
  const now = deps.now();
  const id = randomUUID();
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const key = `${prefix}${folder}${stamp}-${id.slice(0, 8)}-${name}`;
  await deps.presigns.put({ id, key, uploader, actor: actorOf(caller), at: now.toISOString() });
  const form = await deps.presigner.presignPost({
    key,
    maxBytes: deps.maxFileBytes,
    metadata: { [PRESIGN_META]: id },
    expiresSeconds: EXPIRES_SECONDS,
  });
  return { ...form, key, expiresInSeconds: EXPIRES_SECONDS };
}
