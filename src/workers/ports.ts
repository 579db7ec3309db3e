import type { ChunkLifecycle } from './lifecycle.ts';
import type { StatusChange, Worker, WorkerStatus } from './model.ts';

/** A chunk's record the caller has just read consistently (uploads table, CHUNK#<n>), with its answers. */
export interface KnownChunk {
  uploadId: string;
  chunk: number;
  record: ChunkLifecycle;
}

export interface WorkerRepository {
  /**
   * Registers a worker for an upload unless the NIK is already registered by another upload.
   * 'claimed' also when this very upload claimed it before (a retried task).
   */
  claim(worker: Worker): Promise<'claimed' | 'duplicate'>;
  /**
   * Profiles by NIK hash (missing ones omitted), as they are now (merged with their chunks' records; `known`:
   * one of those records, not read again).
   */
  getMany(nikHashes: string[], known?: KnownChunk): Promise<Worker[]>;
  /** Moves a worker from one of `from` to `change.to` and appends a history event; false when not in `from`. */
  transition(
    worker: Pick<Worker, 'nikHash' | 'desa'>,
    from: WorkerStatus[],
    change: StatusChange,
  ): Promise<boolean>;
  /**
   * BPJS accepted a worker who had exited meanwhile (the batch was on its way): the worker stays EXITED, its KPJ
   * and coverage are recorded with an event saying so, once (false when recorded before or not EXITED).
   */
  recordLateAcceptance(
    worker: Pick<Worker, 'nikHash' | 'desa'> & Partial<Pick<Worker, 'uploadId' | 'chunk' | 'pos'>>,
    change: StatusChange & { to: 'EXITED' },
  ): Promise<boolean>;
}
