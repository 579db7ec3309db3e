import { createHash } from 'node:crypto';
import type { RegionDirectory } from '../validation/regions.ts';
import { FileError, type RowIssue, type ValidationRules, type WorkerRow } from '../validation/types.ts';
import { validateRowBatches } from '../validation/validate-rows.ts';
import { UploadNotFoundError } from './errors.ts';
import type { EnrollmentInput, Upload, UploadedObject, UploadSummary } from './model.ts';
import { FIRST_ISSUES, summarize } from './model.ts';
import type { ErrorReportWriter, UploadRepository, UploadStorage, WorkflowStarter } from './ports.ts';
import {
  checkRecordedUploader,
  parseUploadKey,
  type RecordedUploader,
  type UploadLayout,
} from './upload-key.ts';
import { validationProgress } from './validation-progress.ts';

export interface ValidateUploadDeps {
  uploads: UploadRepository;
  storage: UploadStorage;
  workflow: WorkflowStarter;
  rules: ValidationRules;
  regions: RegionDirectory;
  layout: UploadLayout;
  /** Valid rows per staged chunk; when absent it grows with the file so a workflow stays under 800 chunks. */
  chunkSize?: number;
  now: () => Date;
  /** Who asked for the presigned POST this object came through (none: the operator's own upload). */
  recordedUploader?: (obj: UploadedObject) => Promise<RecordedUploader | undefined>;
}

/** Stable per S3 PUT: a re-delivered event maps to the same upload, a new PUT of the same key to a new one. */
export function uploadIdFor(obj: UploadedObject): string {
  const hash = createHash('sha256')
    .update([obj.bucket, obj.key, obj.versionId ?? '', obj.sequencer].join('\n'))
    .digest('hex')
    .slice(0, 16);
  return `${obj.eventTime.slice(0, 10).replaceAll('-', '')}-${hash}`;
}

const MIN_CHUNK = 500;
const MAX_CHUNKS = 800;

/**
 * S3 object → validated rows: rejected rows go to the error report, valid rows are staged in chunks,
 * the upload is recorded, and the enrollment workflow is started. Idempotent per uploaded object.
 */
export async function validateUpload(deps: ValidateUploadDeps, obj: UploadedObject): Promise<UploadSummary> {
  const uploadId = uploadIdFor(obj);
  const now = deps.now().toISOString();
  const existing = await deps.uploads.get(uploadId);
  if (existing && existing.status !== 'VALIDATING') return summarize(existing); // re-delivered event: done before

  const base = newUpload(obj, uploadId, existing?.createdAt ?? now, now);
  let parsedKey: ReturnType<typeof parseUploadKey> | undefined;
  const recorded = await deps.recordedUploader?.(obj);
  if (recorded?.actor) base.uploadedBy = recorded.actor;
  try {
    parsedKey = parseUploadKey(obj.key, deps.layout, deps.regions);
    base.uploader = parsedKey.uploader;
    base.fileName = parsedKey.fileName;
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
  }
  if (!existing) await deps.uploads.create(base);

  try {
    if (!parsedKey) parseUploadKey(obj.key, deps.layout, deps.regions); // rethrows the BAD_UPLOAD_KEY error
    if (recorded) checkRecordedUploader(obj.key, parsedKey as ReturnType<typeof parseUploadKey>, recorded);
    if (obj.size > deps.rules.maxFileBytes) {
      throw new FileError(
        'FILE_TOO_LARGE',
        `Berkas berukuran ${mb(obj.size)} MB, lebih besar dari batas ${mb(deps.rules.maxFileBytes)} MB. Bagi daftar menjadi beberapa berkas.`,
        `The file is ${mb(obj.size)} MB, over the ${mb(deps.rules.maxFileBytes)} MB limit. Split the list into several files.`,
      );
    }
    const staged = await stageRows(deps, uploadId, obj, parsedKey as ReturnType<typeof parseUploadKey>);
    const errorsReportKey = staged.errorsReportKey;
    const chunks = Array.from({ length: staged.chunkCount }, (_, i) => i + 1);
    const counted = await deps.uploads.update(
      uploadId,
      {
        rows: staged.rows,
        rejected: staged.rejected,
        staged: staged.staged,
        warnings: staged.warnings,
        chunkCount: staged.chunkCount,
        errorsReportKey,
        updatedAt: deps.now().toISOString(),
      },
      'VALIDATING',
    );
    if (!counted) return summarize(await mustGet(deps, uploadId)); // a concurrent delivery finished first
    const input: EnrollmentInput = { uploadId, chunks };
    const executionArn = await deps.workflow.start(uploadId, input);
    const done: Partial<Upload> = { status: 'RUNNING', executionArn, updatedAt: deps.now().toISOString() };
    await deps.uploads.update(uploadId, done, 'VALIDATING');
    return summarize(await mustGet(deps, uploadId));
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    const fileError = { code: error.code, message: error.messageId, messageEn: error.messageEn };
    const errorsReportKey = await deps.storage.putErrorReport({ uploadId, fileError, issues: [] });
    const rejected: Partial<Upload> = {
      status: 'REJECTED',
      fileError,
      errorsReportKey,
      updatedAt: deps.now().toISOString(),
    };
    await deps.uploads.update(uploadId, rejected, 'VALIDATING');
    return summarize(await mustGet(deps, uploadId));
  }
}

/** The upload record of an uploaded object, VALIDATING with no counts yet. */
export function newUpload(obj: UploadedObject, uploadId: string, createdAt: string, now: string): Upload {
  return {
    uploadId,
    bucket: obj.bucket,
    objectKey: obj.key,
    ...(obj.eTag ? { eTag: obj.eTag } : {}),
    fileName: obj.key.split('/').at(-1) ?? obj.key,
    status: 'VALIDATING',
    createdAt,
    updatedAt: now,
    rows: 0,
    rejected: 0,
    staged: 0,
    warnings: 0,
    chunkCount: 0,
  };
}

async function mustGet(deps: ValidateUploadDeps, uploadId: string): Promise<Upload> {
  const upload = await deps.uploads.get(uploadId);
  if (!upload) throw new UploadNotFoundError(uploadId);
  return upload;
}

interface Staged {
  rows: number;
  rejected: number;
  staged: number;
  warnings: number;
  chunkCount: number;
  errorsReportKey: string;
}

/**
 * Validates the rows: valid ones are staged in chunks, every issue streams to the error report (the first
 * FIRST_ISSUES kept for errors.json), so memory does not grow with the number of rows or bad rows.
 * A file rejected part-way (FileError) or a failure leaves nothing behind: the report is aborted and the
 * chunks staged so far are deleted.
 */
async function stageRows(
  deps: ValidateUploadDeps,
  uploadId: string,
  obj: UploadedObject,
  key: ReturnType<typeof parseUploadKey>,
): Promise<Staged> {
  const result = { rows: 0, rejected: 0, staged: 0, warnings: 0, chunkCount: 0 };
  const chunkSize = deps.chunkSize ?? chunkSizeFor(obj.size);
  const report = new FirstIssues(deps.storage.openErrorReport(uploadId));
  const progress = validationProgress(deps.uploads, uploadId, deps.now);
  let buffer: WorkerRow[] = [];
  const flush = async () => {
    if (buffer.length === 0) return;
    result.chunkCount += 1;
    await deps.storage.putChunk(uploadId, result.chunkCount, buffer);
    buffer = [];
  };
  try {
    const source = deps.storage.read(obj.key);
    const ctx = { uploader: key.uploader, rules: deps.rules, regions: deps.regions };
    for await (const batch of validateRowBatches(source, key.fileName, ctx)) {
      for (const row of batch) {
        result.rows += 1;
        if (row.kind === 'rejected') {
          result.rejected += 1;
          await report.addAll(row.issues);
          continue;
        }
        if (row.warnings.length > 0) {
          result.warnings += row.warnings.length;
          await report.addAll(row.warnings);
        }
        result.staged += 1;
        buffer.push(row.worker);
        if (buffer.length >= chunkSize) await flush();
      }
      await progress(result);
    }
    await flush();
  } catch (error) {
    await report.abort();
    // "Nothing is staged for a rejected file" (DESIGN.md): remove the chunks written before the error.
    if (result.chunkCount > 0) await deps.storage.deleteChunks(uploadId, result.chunkCount);
    throw error;
  }
  return { ...result, errorsReportKey: await report.close() };
}

/** The streamed report, keeping the first FIRST_ISSUES issues and the count for errors.json. */
class FirstIssues {
  private readonly first: RowIssue[] = [];
  private count = 0;

  constructor(private readonly writer: ErrorReportWriter) {}

  async addAll(issues: readonly RowIssue[]): Promise<void> {
    for (const issue of issues) {
      this.count += 1;
      if (this.first.length < FIRST_ISSUES) this.first.push(issue);
      const ready = this.writer.add(issue);
      if (ready) await ready;
    }
  }

  close(): Promise<string> {
    return this.writer.close({ firstIssues: this.first, issueCount: this.count });
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }
}

/** Rows take 30+ bytes (CSV or zipped XLSX): size the chunks so even a 1,000,000-row file stays under MAX_CHUNKS. */
export function chunkSizeFor(bytes: number): number {
  const estimatedRows = Math.ceil(bytes / 30);
  return Math.max(MIN_CHUNK, Math.ceil(estimatedRows / MAX_CHUNKS));
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
