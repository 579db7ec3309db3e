import { stackNikHasher } from '../composition/stack-runtime.ts';
import { workerRepository } from '../composition/stores.ts';
import { workersOfUpload } from '../enrollment/chunk-workers.ts';
import type { StackClients } from './stack-client.ts';

/** The workers an upload registered, as they are now (its staged chunks and chunk records; no index). */
export function uploadWorkers(clients: StackClients, uploadId: string) {
  return workersOfUpload(
    {
      storage: clients.storage,
      uploads: clients.uploads,
      workers: workerRepository(clients),
      hash: stackNikHasher(clients.info),
    },
    uploadId,
  );
}
