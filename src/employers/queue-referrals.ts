import pMap from 'p-map';
import { maskNik } from '../validation/nik.ts';
import { employerResolver } from './match.ts';
import type { Referral } from './model.ts';
import type { EmployerStore, PlaceNames, ReferredWorkerSource } from './ports.ts';

export interface QueueReferralsDeps {
  store: EmployerStore;
  workers: ReferredWorkerSource;
  places: PlaceNames;
}

export interface QueueResult {
  uploadId: string;
  /** REFERRED workers of the upload. */
  referred: number;
  /** Newly queued now (a retry queues nothing twice). */
  queued: number;
  /** Employers these workers are queued under (registry and unknown ones). */
  employers: string[];
  /** Workers whose employer could not be named at all (should not happen: such rows are not REFERRED). */
  unnamed: number;
}

/**
 * Queues an upload's REFERRED workers under their employers: the registry employer when the NIB or the
 * normalised name matches, else an unknown employer (it goes to the daily digest). Idempotent per worker.
 */
export async function queueReferrals(
  deps: QueueReferralsDeps,
  uploadId: string,
  at: string,
): Promise<QueueResult> {
  const workers = await deps.workers.referredOfUpload(uploadId);
  const resolve = employerResolver(deps.store);
  const ensured = new Map<string, Promise<void>>();
  const queuedPer = new Map<string, number>();
  const employers = new Set<string>();
  let unnamed = 0;
  await pMap(
    workers,
    async (w) => {
      const resolution = w.employer ? await resolve(w.employer) : undefined;
      if (!resolution) {
        unnamed += 1;
        return;
      }
      const key = resolution.kind === 'registry' ? resolution.employer.key : resolution.key;
      if (resolution.kind === 'unknown' && !ensured.has(key)) {
        const { name, nib } = resolution;
        ensured.set(key, deps.store.ensureUnknown({ key, name, ...(nib ? { nib } : {}) }, at));
      }
      await ensured.get(key);
      employers.add(key);
      const place = deps.places(w.desa);
      const project = w.employer?.project?.trim();
      const referral: Referral = {
        employerKey: key,
        nikHash: w.nikHash,
        nikMasked: maskNik(w.nik),
        name: w.name,
        desa: w.desa,
        desaName: place.desa,
        kecamatan: w.kecamatan,
        kecamatanName: place.kecamatan,
        uploadId: w.uploadId,
        row: w.row,
        listed: w.employer ?? {},
        ...(project ? { project } : {}),
        referredAt: at,
        status: 'QUEUED',
        notices: 0,
        noticeIds: [],
      };
      if ((await deps.store.putReferral(referral)) === 'queued')
        queuedPer.set(key, (queuedPer.get(key) ?? 0) + 1);
    },
    { concurrency: 8 },
  );
  // Every employer touched, even with nothing new: a retry after a crash still sets the outstanding mark.
  for (const key of employers) await deps.store.addReferred(key, queuedPer.get(key) ?? 0, at);
  return {
    uploadId,
    referred: workers.length,
    queued: [...queuedPer.values()].reduce((a, b) => a + b, 0),
    employers: [...employers].sort(),
    unnamed,
  };
}
