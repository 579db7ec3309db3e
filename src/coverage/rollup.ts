/**
 * From an upload's chunk outcomes to its coverage counters per desa (pure). Each pipeline step stores, on the
 * chunk's outcome record, the chunk's counts per desa (`DesaTally`): registration the rows and duplicates,
 * later steps the workers' current states. An upload's contribution is the sum over its chunks plus its
 * rejected rows.
 */
import { kecamatanOf } from '../quota/context.ts';
import type { Upload } from '../uploads/model.ts';
import type { Worker, WorkerStatus } from '../workers/model.ts';
import { AREA_COUNTERS, type AreaCounter, type AreaCounts, noAreaCounts } from './model.ts';
import type { UploadCoverage } from './ports.ts';

/** Counts per desa code (10 digits): only the counters that are not zero. */
export type DesaTally = Record<string, Partial<Record<AreaCounter, number>>>;

/** The counter a worker's current status adds to (PENDING: none yet). */
const STATUS_COUNTER: Partial<Record<WorkerStatus, AreaCounter>> = {
  REFERRED: 'referred',
  WAITLISTED: 'waitlisted',
  RESERVED: 'reserved',
  SUBMITTED: 'submitted',
  ENROLLED: 'enrolled',
  FAILED: 'failed',
  EXITED: 'exited',
};

export function addTo(tally: DesaTally, desa: string, counter: AreaCounter, n = 1): void {
  if (n === 0) return;
  const counts = tally[desa] ?? {};
  counts[counter] = (counts[counter] ?? 0) + n;
  tally[desa] = counts;
}

/** A chunk's own workers by desa and current status. */
export function tallyStatuses(workers: Array<Pick<Worker, 'desa' | 'status'>>): DesaTally {
  const tally: DesaTally = {};
  for (const w of workers) {
    const counter = STATUS_COUNTER[w.status];
    if (counter) addTo(tally, w.desa, counter);
  }
  return tally;
}

/**
 * One upload's counters per desa: its chunks' tallies, its rejected rows (under the desa they name: the
 * validator's `rejectedByDesa`, or the uploading desa for a desa upload), `uploads` 1 for every desa it named.
 */
export function uploadCoverage(
  upload: Pick<Upload, 'uploadId' | 'createdAt' | 'uploader' | 'rejected' | 'rejectedByDesa'>,
  chunks: Array<{ tallies: DesaTally[] }>,
): UploadCoverage {
  const byDesa = new Map<string, AreaCounts>();
  const add = (desa: string, counts: Partial<Record<AreaCounter, number>>) => {
    const into = byDesa.get(desa) ?? noAreaCounts();
    for (const c of AREA_COUNTERS) into[c] += counts[c] ?? 0;
    byDesa.set(desa, into);
  };
  for (const chunk of chunks)
    for (const tally of chunk.tallies) for (const [d, c] of Object.entries(tally)) add(d, c);
  const rejected =
    upload.rejectedByDesa ??
    (upload.uploader?.kind === 'desa' && upload.rejected > 0
      ? { [upload.uploader.desa]: upload.rejected }
      : {});
  for (const [desa, n] of Object.entries(rejected)) add(desa, { rows: n, rejected: n });
  return {
    uploadId: upload.uploadId,
    byDesa: [...byDesa]
      .filter(([, counts]) => counts.rows > 0 || AREA_COUNTERS.some((c) => counts[c] !== 0))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([desa, counts]) => ({
        desa,
        kecamatan: kecamatanOf(desa),
        ...counts,
        uploads: counts.rows > 0 ? 1 : 0,
        lastUploadAt: upload.createdAt,
      })),
  };
}

/** Counters summed over desa. */
export function totalOf(byDesa: AreaCounts[]): AreaCounts {
  const total = noAreaCounts();
  for (const d of byDesa) for (const c of AREA_COUNTERS) total[c] += d[c];
  return total;
}

/** The calendar day of an instant in the regency's time zone (its configuration's `reports.timeZone`). */
export function regencyDay(at: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at));
}
