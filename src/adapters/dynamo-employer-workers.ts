import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReferredWorker, ReferredWorkerSource, WorkerRegistration } from '../employers/ports.ts';
import { queryAll } from './dynamo-paging.ts';
import { dynamoWorkerRepository } from './dynamo-worker-repository.ts';

/**
 * The workers registry as employer notification reads it: an upload's REFERRED workers (GSI byUpload: the rows with an employer, then their profiles),
 * their current status and KPJ, and the history entry when an employer registered one of them.
 */
export function dynamoEmployerWorkers(db: DynamoDBDocumentClient, table: string): ReferredWorkerSource {
  // Referred workers never take a chunk's path (registration's 'R'): their items are their state.
  const repository = dynamoWorkerRepository(db, table, undefined);
  return {
    async referredOfUpload(uploadId) {
      // Only rows with an employer can be referred: the index carries the employer, so only those are read.
      const candidates = await queryAll<{ pk: string }>(db, {
        TableName: table,
        IndexName: 'byUpload',
        KeyConditionExpression: 'uploadId = :u',
        FilterExpression: 'attribute_exists(employer)',
        ExpressionAttributeValues: { ':u': uploadId },
      });
      return (await repository.getMany(candidates.map((c) => c.pk.slice('NIK#'.length))))
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
