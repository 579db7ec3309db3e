import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { BatchRecord, BatchRepository } from '../enrollment/batches.ts';
import { parseStoredItem } from './stored-item.ts';

/** A stored batch (pk, sk and the acknowledgement keys set are storage's own and left out). */
const storedBatch = z.object({
  batchId: z.string(),
  uploadId: z.string(),
  chunk: z.number().int().positive(),
  executionArn: z.string().optional(),
  gateway: z.string(),
  participants: z.number().int().nonnegative(),
  submittedAt: z.string(),
  files: z.array(z.string()).optional(),
  acknowledgements: z
    .array(z.object({ key: z.string(), at: z.string(), accepted: z.number(), rejected: z.number() }))
    .optional(),
}) satisfies z.ZodType<BatchRecord>;

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
      return parseStoredItem(storedBatch, out.Item, { table, key: `BATCH#${batchId}` });
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
