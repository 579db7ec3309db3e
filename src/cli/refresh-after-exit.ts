import { coverageCounters } from '../composition/quota.ts';
import { workerRepository } from '../composition/stores.ts';
import { refreshWorkerUpload } from '../enrollment/refresh-upload.ts';
import type { ProgrammeKey } from '../quota/model.ts';
import type { StackClients } from './stack-client.ts';

/** `lindung worker exit`: the worker's upload outcomes and coverage counters count the exit. */
export async function refreshAfterExit(
  clients: StackClients,
  hash: (nik: string) => string,
  nik: string,
  programme: ProgrammeKey | undefined,
): Promise<void> {
  const workers = workerRepository(clients);
  const [worker] = await workers.getMany([hash(nik)]);
  if (!worker) return;
  await refreshWorkerUpload(
    {
      uploads: clients.uploads,
      storage: clients.storage,
      workers,
      hash,
      now: () => new Date(),
      counters: { ...coverageCounters(clients), programmeOf: async () => programme },
    },
    worker,
  );
}
