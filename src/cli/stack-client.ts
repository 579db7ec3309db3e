import { existsSync, readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack, StackInfo } from '../../local/stack.ts';
import { stackFile } from '../../local/stack-file.ts';
import { dynamoUploadRepository } from '../adapters/dynamo-upload-repository.ts';
import { s3UploadStorage } from '../adapters/s3-upload-storage.ts';

export const DEFAULT_DATA_DIR = '.lindung';

/** SDK clients for a stack, built from its stack.json (the same clients would point at AWS). */
export function clientsFor(info: StackInfo) {
  const common = {
    region: info.region,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
  };
  const s3 = new S3Client({
    ...common,
    endpoint: info.s3,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ ...common, endpoint: info.dynamodb }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const sfn = new SFNClient({ ...common, endpoint: info.stepfunctions });
  return {
    info,
    s3,
    dynamo,
    sfn,
    uploads: dynamoUploadRepository(dynamo, info.tables.uploads),
    storage: s3UploadStorage(s3, info.bucket),
  };
}
export type StackClients = ReturnType<typeof clientsFor>;

/** The stack running for this data folder, if its process is alive. */
export function runningStack(dataDir: string): StackInfo | undefined {
  const file = stackFile(dataDir);
  if (!existsSync(file)) return undefined;
  const info = JSON.parse(readFileSync(file, 'utf8')) as StackInfo;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined; // left behind by a stack that did not stop cleanly
  }
}

/**
 * Runs `work` against the stack of this data folder: the one already running, or an embedded one started
 * for the duration of the call (and stopped after it, once its uploads are fully processed).
 */
export async function withStack<T>(
  dataDir: string,
  work: (clients: StackClients, embedded?: LocalStack) => Promise<T>,
): Promise<T> {
  const info = runningStack(dataDir);
  if (info) return work(clientsFor(info));
  // Loaded only here: the emulators and the handlers they run are not needed to talk to a running stack.
  const { startLocalStack } = await import('../../local/stack.ts');
  const stack = await startLocalStack({ dataDir, basePort: 0 });
  try {
    return await work(clientsFor(stack.info), stack);
  } finally {
    await stack.idle();
    await stack.stop();
  }
}
