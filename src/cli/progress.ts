import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { OUTCOME_COUNTS, type Upload } from '../uploads/model.ts';
import type { UploadRepository } from '../uploads/ports.ts';
import { number } from './format.ts';
import type { StackClients } from './stack-client.ts';

/** What one file's progress line shows, read from its upload record and its chunks' outcome records. */
export interface FileProgress {
  status: Upload['status'];
  /** Rows validated so far (the validator reports every few seconds), then the file's row count. */
  rows: number;
  rejected: number;
  /** Chunks in which every staged row has its outcome, of the chunks staged. */
  chunksDone: number;
  /** Chunks a workflow step has recorded counts for (registered at least): the run is moving. */
  chunksStarted: number;
  chunkTotal: number;
  enrolled: number;
  duplicates: number;
  referred: number;
  waitlisted: number;
  failed: number;
  /** Sent to BPJS or holding a place: the file exchange or an approval finishes them later. */
  pending: number;
  /** Seconds left at the pace of the chunks finished so far; undefined while nothing allows a guess. */
  etaSeconds: number | undefined;
}

/** A chunk's outcome record, as the upload repository lists it. */
type ChunkOutcome = Awaited<ReturnType<UploadRepository['listChunkOutcomes']>>[number];

/**
 * Figures for one upload. A chunk is done when its outcome record accounts for every row staged in it; the ETA
 * is the remaining chunks at the pace since the workflow started (`runningSince`, when the CLI first saw it
 * RUNNING). Pure: the caller reads the records.
 */
export function fileProgress(
  upload: Upload,
  chunks: readonly ChunkOutcome[],
  runningSince: number | undefined,
  now: number,
): FileProgress {
  const sum = (k: (typeof OUTCOME_COUNTS)[number]) => chunks.reduce((n, c) => n + c[k], 0);
  const chunksDone = chunks.filter(
    (c) => c.staged > 0 && OUTCOME_COUNTS.reduce((n, k) => n + c[k], 0) >= c.staged,
  ).length;
  const chunkTotal = upload.chunkCount;
  const pace =
    runningSince !== undefined && chunksDone > 0 ? (now - runningSince) / 1000 / chunksDone : undefined;
  return {
    status: upload.status,
    rows: upload.rows,
    rejected: upload.rejected,
    chunksDone,
    chunksStarted: chunks.length,
    chunkTotal,
    enrolled: sum('enrolled'),
    duplicates: sum('duplicates'),
    referred: sum('referred'),
    waitlisted: sum('waitlisted'),
    failed: sum('failed'),
    pending: sum('submitted') + sum('reserved'),
    etaSeconds: pace === undefined ? undefined : Math.round(pace * (chunkTotal - chunksDone)),
  };
}

function eta(seconds: number | undefined): string {
  if (seconds === undefined) return '…';
  const m = Math.floor(seconds / 60);
  return `${m}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The words after the bar, most telling first (a narrow terminal cuts the end): chunks done, ETA, phase, rows
 * validated, then the outcomes so far that are not zero.
 */
export function progressLine(p: FileProgress): string {
  const validating = p.status === 'VALIDATING';
  const outcomes: Array<[string, number]> = [
    ['terdaftar/enrolled', p.enrolled],
    ['menunggu/pending', p.pending],
    ['ganda/duplicates', p.duplicates],
    ['dirujuk/referred', p.referred],
    ['antre/waitlisted', p.waitlisted],
    ['gagal/failed', p.failed],
  ];
  return [
    validating
      ? 'potongan/chunks …'
      : `potongan/chunks ${p.chunksDone}/${p.chunkTotal}${
          p.chunksStarted > p.chunksDone ? ` (${p.chunksStarted - p.chunksDone} berjalan/running)` : ''
        }`,
    `ETA ${validating ? '…' : eta(p.etaSeconds)}`,
    p.status,
    `baris/rows ${number(p.rows)} (ditolak/rejected ${number(p.rejected)})`,
    ...outcomes.filter(([, n]) => n > 0).map(([label, n]) => `${label} ${number(n)}`),
  ].join(' · ');
}

/** One bar per file on stderr (stdout keeps the summaries), redrawn as the uploads move. */
export class ProgressBars {
  private readonly multi: MultiBar;
  private readonly bars: SingleBar[];

  constructor(files: readonly string[], stream: NodeJS.WriteStream = process.stderr) {
    const width = Math.max(...files.map((f) => f.length));
    this.multi = new MultiBar(
      {
        stream,
        format: '{file} {bar} {line}',
        barsize: 20,
        hideCursor: true,
        clearOnComplete: false,
        autopadding: true,
        fps: 5,
      },
      Presets.shades_classic,
    );
    this.bars = files.map((file) =>
      this.multi.create(1, 0, { file: file.padEnd(width), line: 'mengunggah/uploading' }),
    );
  }

  update(index: number, p: FileProgress): void {
    this.bars[index]?.setTotal(Math.max(1, p.chunkTotal));
    this.bars[index]?.update(p.chunksDone, { line: progressLine(p) });
  }

  stop(): void {
    this.multi.stop();
  }
}

/**
 * `onProgress` for uploadAndWait: reads the chunks' outcome records once the workflow runs and redraws the
 * file's bar (one consistent query per poll, only while a bar is shown).
 */
export function followUpload(
  clients: StackClients,
  bars: ProgressBars,
  index: number,
): (upload: Upload) => Promise<void> {
  let runningSince: number | undefined;
  return async (upload) => {
    if (upload.status === 'VALIDATING') {
      bars.update(index, fileProgress(upload, [], undefined, Date.now()));
      return;
    }
    runningSince ??= Date.now();
    const chunks = upload.chunkCount > 0 ? await clients.uploads.listChunkOutcomes(upload.uploadId) : [];
    bars.update(index, fileProgress(upload, chunks, runningSince, Date.now()));
  };
}
