import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Worker } from '../workers/model.ts';
import type { WorkerRepository } from '../workers/ports.ts';

const PROFILE = 'PROFILE';
const pk = (nikHash: string) => `NIK#${nikHash}`;
const rowKey = (row: number) => String(row).padStart(8, '0');
const areaSk = (w: Pick<Worker, 'status' | 'desa' | 'nikHash'>) => `${w.status}#${w.desa}#${w.nikHash}`;

/**
 * Workers table: pk NIK#<hmac> / sk PROFILE. The history is a list on the profile, appended in the same
 * conditional write as the status change, so a status and its history can never disagree.
 * GSIs: byUpload (uploadId, rowKey), byArea (areaPk = kecamatan, areaSk = status#desa#hmac).
 */
export function dynamoWorkerRepository(db: DynamoDBDocumentClient, table: string): WorkerRepository {
  return {
    async claim(worker) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              pk: pk(worker.nikHash),
              sk: PROFILE,
              ...worker,
              rowKey: rowKey(worker.row),
              areaPk: worker.kecamatan,
              areaSk: areaSk(worker),
              history: [
                {
                  to: worker.status,
                  reason: 'registered from upload',
                  by: `upload:${worker.uploadId}`,
                  at: worker.createdAt,
                },
              ],
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'claimed';
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const out = await db.send(
          new GetCommand({
            TableName: table,
            Key: { pk: pk(worker.nikHash), sk: PROFILE },
            ConsistentRead: true,
          }),
        );
        return out.Item?.uploadId === worker.uploadId ? 'claimed' : 'duplicate';
      }
    },
    async getMany(nikHashes) {
      const found: Worker[] = [];
      for (let i = 0; i < nikHashes.length; i += 100) {
        let keys: Record<string, unknown>[] | undefined = nikHashes
          .slice(i, i + 100)
          .map((h) => ({ pk: pk(h), sk: PROFILE }));
        while (keys && keys.length > 0) {
          const out: BatchGetCommandOutput = await db.send(
            new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
          );
          found.push(...((out.Responses?.[table] ?? []) as Worker[]));
          keys = out.UnprocessedKeys?.[table]?.Keys;
        }
      }
      return found;
    },
    async transition({ nikHash, desa }, from, change) {
      try {
        const patch = Object.entries(change.patch ?? {}).filter(([, v]) => v !== undefined);
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: pk(nikHash), sk: PROFILE },
            UpdateExpression: `SET #status = :to, updatedAt = :at, areaSk = :areaSk, history = list_append(history, :event)${patch
              .map((_, i) => `, #p${i} = :p${i}`)
              .join('')}`,
            ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
            ExpressionAttributeNames: {
              '#status': 'status',
              ...Object.fromEntries(patch.map(([k], i) => [`#p${i}`, k])),
            },
            ExpressionAttributeValues: {
              ':to': change.to,
              ':at': change.at,
              ':areaSk': areaSk({ status: change.to, desa, nikHash }),
              ':event': [{ to: change.to, reason: change.reason, by: change.by, at: change.at }],
              ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
              ...Object.fromEntries(patch.map(([, v], i) => [`:p${i}`, v])),
            },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}
