import { dynamoWorkerRepository } from '../adapters/dynamo-worker-repository.ts';
import { workersOfUpload } from '../enrollment/chunk-workers.ts';
import { nikHasherFor } from './nik-hasher.ts';
import type { StackClients } from './stack-client.ts';

/** The workers an upload registered, as they are now (its staged chunks and chunk records; no index). */
export function uploadWorkers(clients: StackClients, uploadId: string) {
  return workersOfUpload(
    {
      storage: clients.storage,
      uploads: clients.uploads,
      workers: dynamoWorkerRepository(
        clients.dynamo,
        clients.info.tables.workers,
        clients.info.tables.uploads,
      ),
      hash: nikHasherFor(clients.info),
    },
    uploadId,
  );
}
