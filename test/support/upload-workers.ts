import { dynamoWorkerRepository } from '../../src/adapters/dynamo-worker-repository.ts';
import { nikHasherFor } from '../../src/cli/nik-hasher.ts';
import type { StackClients } from '../../src/cli/stack-client.ts';
import { workersOfUpload } from '../../src/enrollment/chunk-workers.ts';

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
