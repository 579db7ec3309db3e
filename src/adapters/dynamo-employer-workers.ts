import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReferredWorker, ReferredWorkerSource, WorkerRegistration } from '../employers/ports.ts';
import { dynamoUploadRepository } from './dynamo-upload-repository.ts';
import { dynamoWorkerRepository } from './dynamo-worker-repository.ts';

/**
 * The workers registry as employer notification reads it: an upload's REFERRED workers (listed on its chunks' records),
 * their current status and KPJ, and the history entry when an employer registered one of them.
 */
export function dynamoEmployerWorkers(
  db: DynamoDBDocumentClient,
  table: string,
  /** The uploads table (an upload's chunk records); only referredOfUpload needs it. */
  uploadsTable: string | undefined,
): ReferredWorkerSource {
  // Referred workers never take a chunk's path (registration's 'R'): their items are their state.
  const repository = dynamoWorkerRepository(db, table, undefined);
  const uploads = uploadsTable ? dynamoUploadRepository(db, uploadsTable) : undefined;
  return {
    async referredOfUpload(uploadId) {
      // Registration lists each chunk's referred rows (their NIK hashes) on the chunk's record: only those are read.
      if (!uploads) throw new Error('UPLOADS_TABLE is not set: the referrals of an upload are on its chunks');
      const chunks = await uploads.listChunkOutcomes(uploadId);
      return (await repository.getMany(chunks.flatMap((c) => c.ref ?? [])))
        .filter((w) => w.uploadId === uploadId && w.status === 'REFERRED')
        .sort((a, b) => a.row - b.row)
        .map(
          (item): ReferredWorker => ({
            nikHash: item.nikHash,
            nik: item.nik,
            name: item.name,
            desa: item.desa,
            kecamatan: item.kecamatan,
            uploadId: item.uploadId,
            row: item.row,
            ...(item.employer ? { employer: item.employer } : {}),
          }),
        );
    },

    async registrations(nikHashes) {
      const workers = await repository.getMany(nikHashes);
      return new Map(
        workers.map((w): [string, WorkerRegistration] => [
          w.nikHash,
          { status: w.status, ...(w.kpj ? { kpj: w.kpj } : {}) },
        ]),
      );
    },

    recordEmployerRegistration(worker, by, at) {
      return repository.transition(worker, ['REFERRED'], {
        to: 'REFERRED',
        reason: 'didaftarkan pemberi kerja ke BPJS Ketenagakerjaan / registered by the employer',
        by,
        at,
      });
    },
  };
}
