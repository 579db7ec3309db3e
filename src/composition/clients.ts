import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ClientTarget, clientConfig } from './client-options.ts';

/** The S3, DynamoDB and Step Functions clients of a target: built here only, once per runtime. */
export function coreClients(target: ClientTarget) {
  const s3 = new S3Client({
    ...clientConfig(target, 's3'),
    ...(target.forcePathStyle
      ? {
          forcePathStyle: true,
          // The S3 emulator stores aws-chunked framing verbatim: checksums only where an API requires them.
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
  });
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(target, 'dynamodb')), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const sfn = new SFNClient(clientConfig(target, 'sfn'));
  return { s3, dynamo, sfn };
}
export type CoreClients = ReturnType<typeof coreClients>;
