import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchRecord, BatchRepository } from '../enrollment/batches.ts';

const key = (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: 'META' });

/** BPJS batches live in the uploads table: pk BATCH#<batchId> / sk META. */
export function dynamoBatchRepository(db: DynamoDBDocumentClient, table: string): BatchRepository {
  return {
    async record(batch) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { ...key(batch.batchId), ...batch, acknowledgements: [] },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'exists';
        throw error;
      }
    },
    async get(batchId) {
      const out = await db.send(
        new GetCommand({ TableName: table, Key: key(batchId), ConsistentRead: true }),
      );
      if (!out.Item) return undefined;
      const { pk: _pk, sk: _sk, ackKeys: _a, ...batch } = out.Item;
      return batch as BatchRecord;
    },
    async addAcknowledgement(batchId, ack) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: key(batchId),
            UpdateExpression: 'SET acknowledgements = list_append(acknowledgements, :ack) ADD ackKeys :key',
            ConditionExpression: 'attribute_exists(pk) AND NOT contains(ackKeys, :keyValue)',
            ExpressionAttributeValues: { ':ack': [ack], ':key': new Set([ack.key]), ':keyValue': ack.key },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error; // replayed file or unknown batch
      }
    },
  };
}
