import { dynamoCoverageCounters } from '../adapters/dynamo-coverage-counters.ts';
import { dynamoWorkerRepository } from '../adapters/dynamo-worker-repository.ts';
import { refreshWorkerUpload } from '../enrollment/refresh-upload.ts';
import type { ProgrammeKey } from '../quota/model.ts';
import { regencyConfig, regencyTimeZone } from '../shared/regency-config.ts';
import type { StackClients } from './stack-client.ts';

/** `lindung worker exit`: the worker's upload outcomes and coverage counters count the exit. */
export async function refreshAfterExit(
  clients: StackClients,
  hash: (nik: string) => string,
  nik: string,
  programme: ProgrammeKey | undefined,
): Promise<void> {
  const workers = dynamoWorkerRepository(
    clients.dynamo,
    clients.info.tables.workers,
    clients.info.tables.uploads,
  );
  const [worker] = await workers.getMany([hash(nik)]);
  if (!worker) return;
  await refreshWorkerUpload(
    {
      uploads: clients.uploads,
      storage: clients.storage,
      workers,
      hash,
      now: () => new Date(),
      counters: {
        writer: dynamoCoverageCounters(clients.dynamo, clients.info.tables.programmes),
        programmeOf: async () => programme,
        timeZone: regencyTimeZone(regencyConfig),
      },
    },
    worker,
  );
}
