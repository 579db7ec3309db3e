import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/*
 * SDK clients at module scope, reused across invocations. Endpoints come from the standard
 * AWS_ENDPOINT_URL_<SERVICE> variables (set only by the local stack); in AWS they are absent.
 * S3 emulators answer path-style requests only, hence the one extra switch.
 */
export const s3 = new S3Client({ forcePathStyle: process.env.LINDUNG_S3_FORCE_PATH_STYLE === 'true' });
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
export const sfn = new SFNClient({});
