/**
 * The data-access layer of the API: every read and change a person makes goes through here, and each asks
 * src/access/scope.ts what the caller may see or do. Handlers never decide access themselves.
 */
import type { CoverageReader } from '../coverage/ports.ts';
import { employerOverview } from '../employers/overview.ts';
import type { EmployerStore } from '../employers/ports.ts';
import { programmeId } from '../quota/model.ts';
import type { ProgrammeRepository, QuotaWorkerRepository } from '../quota/ports.ts';
import { programmeCovering } from '../quota/programme.ts';
import { quotaReport } from '../quota/status.ts';
import { forbidden, notFound } from '../shared/errors.ts';
import type { NikHasher } from '../shared/nik-hash.ts';
import { summarize, type Upload, type UploadStatus } from '../uploads/model.ts';
import type { UploadRepository, UploadStorage } from '../uploads/ports.ts';
import type { StepLog } from '../uploads/steps.ts';
import { maskNik } from '../validation/nik.ts';
import { actorOf, type Caller } from './model.ts';
import type { AuditLog } from './ports.ts';
import { mayReadUpload, maySeeDesa, ownUploaderKey, requireRole, seesRegency } from './scope.ts';

export interface ReadDeps {
  uploads: UploadRepository;
  storage: Pick<UploadStorage, 'getErrorReport'>;
  steps: StepLog;
  programmes: ProgrammeRepository;
  workers: QuotaWorkerRepository;
  coverage?: CoverageReader;
  employers?: EmployerStore;
  audit: AuditLog;
  hash: NikHasher;
  regency: string;
  kecamatan: ReadonlyArray<{ code: string; name: string }>;
  now: () => Date;
}

export function scopedAccess(deps: ReadDeps, caller: Caller, requestId?: string) {
  const currentProgramme = async () => {
    const p = await programmeCovering(deps.programmes, deps.regency, deps.now());
    if (!p) throw notFound('Program tahun ini', "This year's programme");
    return p;
  };

  /** An upload the caller may read (403 outside its scope, 404 only for the regency roles). */
  const readUpload = async (uploadId: string): Promise<Upload> => {
    const upload = await deps.uploads.get(uploadId);
    if (!mayReadUpload(caller, upload)) throw notFound(`Unggahan ${uploadId}`, `Upload ${uploadId}`);
    return upload;
  };

  return {
    caller,
    readUpload,

    async listUploads(options: { status?: UploadStatus; limit: number }) {
      const own = ownUploaderKey(caller);
      if (!own && !seesRegency(caller)) throw forbidden();
      const uploads = own
        ? (await deps.uploads.listByUploader(own, options.status ? 1000 : options.limit))
            .filter((u) => !options.status || u.status === options.status)
            .slice(0, options.limit)
        : await deps.uploads.listRecent(options.limit, options.status);
      return uploads.map(uploadView);
    },

    async uploadDetail(uploadId: string) {
      const upload = await readUpload(uploadId);
      const [report, timeline] = await Promise.all([
        deps.storage.getErrorReport(uploadId),
        deps.steps.list(uploadId),
      ]);
      return {
        ...uploadView(upload),
        issues: report?.issues ?? [],
        ...(report?.fileError ? { fileError: report.fileError } : {}),
        timeline,
      };
    },

    async quota() {
      return quotaReport(await currentProgramme(), deps.kecamatan);
    },

    /** The programme covering today (404 when there is none). */
    programme: currentProgramme,

    /** Coverage counts by kecamatan and desa, from the counters; a desa user gets its own desa only. */
    async areas() {
      if (!deps.coverage) throw notFound('Penghitung cakupan', 'Coverage counters');
      const p = await currentProgramme();
      const snapshot = await deps.coverage.snapshot({ regency: p.regency, year: p.year });
      const byDesa = snapshot.byDesa.filter((d) => maySeeDesa(caller, d.desa));
      const kecamatan = [...new Set(byDesa.map((d) => d.kecamatan))].sort();
      return {
        programme: snapshot.programme,
        total: seesRegency(caller) ? snapshot.total : sumCounts(byDesa),
        byKecamatan: kecamatan.map((k) => ({
          kecamatan: k,
          ...sumCounts(byDesa.filter((d) => d.kecamatan === k)),
        })),
        byDesa,
      };
    },

    /** A worker by NIK (admin/approver), masked; the look-up itself is audited. */
    async workerByNik(nik: string) {
      requireRole(caller, ['admin', 'approver']);
      const nikHash = deps.hash(nik);
      await deps.audit.record({
        actor: actorOf(caller),
        action: 'worker.lookup',
        entity: `worker#${nikHash}`,
        ...(requestId ? { requestId } : {}),
      });
      const worker = await deps.workers.get(nikHash);
      if (!worker) throw notFound('Pekerja dengan NIK ini', 'A worker with this NIK');
      return {
        nikMasked: maskNik(worker.nik),
        nikHash,
        name: worker.name,
        desa: worker.desa,
        status: worker.status,
        uploadId: worker.uploadId,
        kpj: worker.kpj ?? null,
        coverageStart: worker.coverageStart ?? null,
        coverageEnd: worker.coverageEnd ?? null,
        history: worker.history ?? [],
      };
    },

    async waitlist(limit: number) {
      requireRole(caller, ['admin', 'approver', 'viewer']);
      const p = await currentProgramme();
      const entries = await deps.workers.listWaitlist(programmeId(p), { limit });
      return entries.map(({ nikHash, desa, kecamatan, position, uploadId }) => ({
        nikHash,
        desa,
        kecamatan,
        position,
        uploadId,
      }));
    },

    /** Employers of referred workers with their notice counts (regency roles). */
    async employers() {
      requireRole(caller, ['admin', 'approver', 'viewer']);
      if (!deps.employers) throw notFound('Tabel pemberi kerja', 'The employers table');
      return employerOverview(deps.employers);
    },

    async auditEvents(options: { entity?: string; limit: number }) {
      requireRole(caller, ['admin']);
      return deps.audit.list(options);
    },
  };
}
export type ScopedAccess = ReturnType<typeof scopedAccess>;

/** What the API shows of an upload: its summary, file, uploader, approval, times. */
export function uploadView(u: Upload) {
  return {
    ...summarize(u),
    fileName: u.fileName,
    objectKey: u.objectKey,
    uploader: u.uploader ?? null,
    uploadedBy: u.uploadedBy ?? null,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
    approvalRequired: u.approvalRequired ?? false,
    approval: u.approval ?? null,
    rejection: u.rejection ?? null,
    failureReason: u.failureReason ?? null,
  };
}

function sumCounts(rows: readonly object[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const r of rows)
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') total[k] = (total[k] ?? 0) + v;
  return total;
}
