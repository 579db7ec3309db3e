import type { StackClients } from '../../src/cli/stack-client.ts';
import { stackNikHasher } from '../../src/composition/stack-runtime.ts';
import { workerRepository } from '../../src/composition/stores.ts';
import { workersOfUpload } from '../../src/enrollment/chunk-workers.ts';

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
