import type { StatusChange, Worker, WorkerStatus } from './model.ts';

export interface WorkerRepository {
  /**
   * Registers a worker for an upload unless the NIK is already registered by another upload.
   * 'claimed' also when this very upload claimed it before (a retried task).
   */
  claim(worker: Worker): Promise<'claimed' | 'duplicate'>;
  /** Profiles by NIK hash (missing ones omitted). */
  getMany(nikHashes: string[]): Promise<Worker[]>;
  /** Moves a worker from one of `from` to `change.to` and appends a history event; false when not in `from`. */
  transition(
    worker: Pick<Worker, 'nikHash' | 'desa'>,
    from: WorkerStatus[],
    change: StatusChange,
  ): Promise<boolean>;
}
