import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { ReferredWorker, ReferredWorkerSource, WorkerRegistration } from '../employers/ports.ts';
import type { Worker } from '../workers/model.ts';
import { dynamoWorkerRepository } from './dynamo-worker-repository.ts';

/**
 * The workers registry as employer notification reads it: an upload's REFERRED workers (GSI byUpload),
 * their current status and KPJ, and the history entry when an employer registered one of them.
 */
export function dynamoEmployerWorkers(db: DynamoDBDocumentClient, table: string): ReferredWorkerSource {
  const repository = dynamoWorkerRepository(db, table);
  return {
    async referredOfUpload(uploadId) {
      const found: ReferredWorker[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out: QueryCommandOutput = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'byUpload',
            KeyConditionExpression: 'uploadId = :u',
            FilterExpression: '#status = :referred',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':u': uploadId, ':referred': 'REFERRED' },
            ExclusiveStartKey,
          }),
        );
        for (const item of (out.Items ?? []) as Worker[]) {
          found.push({
            nikHash: item.nikHash,
            nik: item.nik,
            name: item.name,
            desa: item.desa,
            kecamatan: item.kecamatan,
            uploadId: item.uploadId,
            row: item.row,
            ...(item.employer ? { employer: item.employer } : {}),
          });
        }
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return found.sort((a, b) => a.row - b.row);
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
