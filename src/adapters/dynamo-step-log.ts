import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StepLog, StepRecord } from '../uploads/steps.ts';
import { queryAll } from './dynamo-paging.ts';

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
      return items.map(({ pk: _pk, sk: _sk, ...step }) => step as unknown as StepRecord);
    },
  };
}
