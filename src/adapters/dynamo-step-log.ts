import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { StepLog, StepRecord } from '../uploads/steps.ts';
import { queryAll } from './dynamo-paging.ts';
import { parseStoredItem } from './stored-item.ts';

/** A step as stored, parsed at the edge (src/adapters/stored-item.ts). */
const storedStep = z.object({
  uploadId: z.string().min(1),
  step: z.string().min(1),
  chunk: z.number().int().optional(),
  startedAt: z.string(),
  endedAt: z.string(),
  durationMs: z.number().nonnegative(),
  status: z.enum(['SUCCEEDED', 'FAILED']),
  cause: z.string().optional(),
});

/**
 * Uploads table: pk UPLOAD#<id> / sk STEP#<startedAt>#<step>#<chunk> (beside the upload's META and CHUNK items).
 * Written with UpdateItem (an upsert), the one write every pipeline step already may make on the uploads table.
 */
export function dynamoStepLog(db: DynamoDBDocumentClient, table: string): StepLog {
  return {
    async record(step) {
      const chunk = step.chunk === undefined ? '' : String(step.chunk).padStart(6, '0');
      const fields = Object.entries(step).filter(([, v]) => v !== undefined);
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: `UPLOAD#${step.uploadId}`, sk: `STEP#${step.startedAt}#${step.step}#${chunk}` },
          UpdateExpression: `SET ${fields.map((_, i) => `#k${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(fields.map(([k], i) => [`#k${i}`, k])),
          ExpressionAttributeValues: Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v])),
        }),
      );
    },
    async list(uploadId) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :step)',
        ExpressionAttributeValues: { ':pk': `UPLOAD#${uploadId}`, ':step': 'STEP#' },
      });
      return items.map((item): StepRecord => parseStoredItem(storedStep, item, { table }));
    },
  };
}
