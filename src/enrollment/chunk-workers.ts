import type { Place } from '../quota/model.ts';
import type { ChunkOutcome, UploadRepository, UploadStorage } from '../uploads/ports.ts';
import type { WorkerRow } from '../validation/types.ts';
import {
  batchOf,
  type ChunkPositionState,
  chunkPlace,
  chunkStates,
  positionsToRead,
} from '../workers/lifecycle.ts';
import type { Worker } from '../workers/model.ts';
import type { WorkerRepository } from '../workers/ports.ts';

/** A chunk position as its steps see it: the staged row, and the worker's current state when it has one. */
export interface ChunkPosition {
  pos: number;
  row: WorkerRow;
  nikHash: string;
  state: ChunkPositionState;
  /** The current worker (read, or known from the chunk's records); undefined for a duplicate. */
  worker?: Worker & { place?: Place };
}

/** What reading a chunk's workers needs: the staged chunk, its record, the registry, the NIK hasher. */
export interface ChunkReadDeps {
  storage: UploadStorage;
  uploads: UploadRepository;
  workers: WorkerRepository;
  hash: (nik: string) => string;
}

export interface ChunkView {
  uploadId: string;
  chunk: number;
  record: ChunkOutcome;
  positions: ChunkPosition[];
}

/**
 * One chunk's workers as they are now, without reading every worker: the staged chunk (S3) and the chunk's
 * record say what happened to the chunk as a whole (src/workers/lifecycle.ts); only the workers who changed
 * one by one (waitlisted, answered, exited, retried, promoted) are read.
 */
export async function readChunk(
  deps: ChunkReadDeps,
  uploadId: string,
  chunk: number,
  /** The chunk as read before in the same step: its staged rows and their hashes are reused, not read again. */
  known?: ChunkView,
): Promise<ChunkView> {
  const before = known?.uploadId === uploadId && known.chunk === chunk ? known : undefined;
  const [rows, record] = await Promise.all([
    before ? before.positions.map((p) => p.row) : deps.storage.readChunk(uploadId, chunk),
    deps.uploads.getChunk(uploadId, chunk, true),
  ]);
  if (!record?.reg || record.reg.length !== rows.length)
    throw new Error(`chunk ${chunk} of upload ${uploadId} is not registered`);
  const hashes = before ? before.positions.map((p) => p.nikHash) : rows.map((r) => deps.hash(r.nik));
  const toRead = positionsToRead(rows.length, record);
  const read = new Map<number, Worker>();
  if (toRead.length > 0)
    for (const w of await deps.workers.getMany(
      toRead.map((p) => hashes[p] as string),
      { uploadId, chunk, record },
    ))
      if (w.uploadId === uploadId && w.pos !== undefined) read.set(w.pos, w);
  const states = chunkStates(rows.length, record, read);
  const positions = rows.map((row, pos): ChunkPosition => {
    const state = states[pos] ?? 'PENDING';
    const nikHash = hashes[pos] as string;
    const stored = read.get(pos);
    if (stored) return { pos, row, nikHash, state, worker: stored };
    if (state === 'DUPLICATE') return { pos, row, nikHash, state };
    const batchId = batchOf(pos, record);
    const worker: Worker & { place?: Place } = {
      ...row,
      nikHash,
      uploadId,
      chunk,
      pos,
      status: state,
      createdAt: record.res?.at ?? '',
      updatedAt: record.res?.at ?? '',
      ...(batchId ? { batchId } : {}),
      ...(record.res && record.res.g[pos] === 'G' ? { place: chunkPlace(record.res, row.kecamatan) } : {}),
    };
    return { pos, row, nikHash, state, worker };
  });
  return { uploadId, chunk, record, positions };
}

/** The chunk's own workers (duplicates of earlier uploads left out), as they are now. */
export const workersOf = (view: ChunkView): Array<Worker & { place?: Place }> =>
  view.positions.flatMap((p) => (p.worker ? [{ ...p.worker, status: p.state as Worker['status'] }] : []));

/**
 * Every worker an upload registered (duplicates of earlier uploads left out), as they are now, in row order:
 * the staged chunks list its rows, the chunks' records say which rows it registered (no index of workers by
 * upload). For look-ups and administrators' actions, not for the pipeline's steps.
 */
export async function workersOfUpload(deps: ChunkReadDeps, uploadId: string): Promise<Worker[]> {
  const upload = await deps.uploads.get(uploadId);
  const found: Worker[] = [];
  for (let chunk = 1; chunk <= (upload?.chunkCount ?? 0); chunk++) {
    // Consistent: the registry merges the workers with this very record instead of reading it again.
    const [rows, record] = await Promise.all([
      deps.storage.readChunk(uploadId, chunk),
      deps.uploads.getChunk(uploadId, chunk, true),
    ]);
    const own = rows.filter((_, pos) => record?.reg?.[pos] !== 'D').map((r) => deps.hash(r.nik));
    const known = record && { uploadId, chunk, record };
    found.push(...(await deps.workers.getMany(own, known)).filter((w) => w.uploadId === uploadId));
  }
  return found.sort((a, b) => a.row - b.row);
}
