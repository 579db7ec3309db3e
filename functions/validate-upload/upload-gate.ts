import { dynamoAccessStore } from '../../src/adapters/dynamo-access-store.ts';
import { dynamoStepLog } from '../../src/adapters/dynamo-step-log.ts';
import { s3RecordedUploader } from '../../src/adapters/s3-recorded-uploader.ts';
import { dynamo, s3 } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';

/**
 * The validator's side of the front door: who asked for the presigned POST an object came through (access
 * table, when the stack has one), and the step log of the run's timeline.
 */
export const uploadGate = {
  recorded() {
    const table = process.env.ACCESS_TABLE;
    return table
      ? { recordedUploader: s3RecordedUploader(s3, dynamoAccessStore(dynamo, table).presigns) }
      : {};
  },
  steps() {
    return dynamoStepLog(dynamo, env().UPLOADS_TABLE);
  },
};
