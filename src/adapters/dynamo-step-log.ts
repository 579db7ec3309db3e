import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StepLog, StepRecord } from '../uploads/steps.ts';
import { queryAll } from './dynamo-paging.ts';

/** Uploads table: pk UPLOAD#<id> / sk STEP#<startedAt>#<step>#<chunk> (beside the upload's META and CHUNK items). */
export function dynamoStepLog(db: DynamoDBDocumentClient, table: string): StepLog {
  return {
    async record(step) {
      const chunk = step.chunk === undefined ? '' : String(step.chunk).padStart(6, '0');
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: `UPLOAD#${step.uploadId}`,
            sk: `STEP#${step.startedAt}#${step.step}#${chunk}`,
            ...step,
          },
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
