/**
 * End to end on the local stack: a 150,000-row agency upload (BENCH_ROWS to change) from S3 PUT to a closed
 * workflow, next to the DynamoDB emulator's own write rate measured in the same run.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import pMap from 'p-map';
import { startLocalStack } from '../local/stack.ts';
import { clientsFor } from '../src/cli/stack-client.ts';
import { uploadAndWait } from '../src/cli/upload-and-wait.ts';
import { OUTCOME_COUNTS } from '../src/uploads/model.ts';
import { writeSample } from '../src/validation/sample.ts';
import { startMeter } from './enrollment-breakdown.ts';

const DATA = new URL('./.data/', import.meta.url).pathname;

export async function run(): Promise<void> {
  const rows = Number(process.env.BENCH_ROWS ?? 150_000);
  mkdirSync(DATA, { recursive: true });
  const file = join(DATA, `agency-${rows}.csv`);
  await writeSample({ rows, errorRate: 0, seed: 7 }, file);
  console.log(`${rows.toLocaleString('en')} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB`);

  const dataDir = mkdtempSync(join(tmpdir(), 'lindung-bench-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const stack = await startLocalStack({ dataDir, basePort: 0 });
  try {
    console.log(
      `DynamoDB emulator: ${(await emulatorWriteRate(stack.info)).toFixed(0)} items/s (BatchWriteItem, 25 × 200 B, 8 in flight, on disk)`,
    );
    const clients = clientsFor(stack.info);
    const meter = await startMeter(stack);
    const started = Date.now();
    const summary = await uploadAndWait(
      clients,
      file,
      { kind: 'agency', agency: 'disnakertrans' },
      { timeoutMs: 3 * 3600_000 },
    );
    const seconds = (Date.now() - started) / 1000;
    const counted = OUTCOME_COUNTS.reduce((n, k) => n + summary[k], summary.rejected);
    console.log(
      `end to end: ${seconds.toFixed(1)} s (${(rows / seconds).toFixed(0)} rows/s), status ${summary.status}; ` +
        `rows ${summary.rows}, enrolled ${summary.enrolled}, referred ${summary.referred}, waitlisted ${summary.waitlisted}, ` +
        `rejected ${summary.rejected}, failed ${summary.failed}; outcomes add up: ${counted === summary.rows}`,
    );
    console.log(`history events: ${await historyEvents(clients, summary.executionArn ?? '')}`);
    await meter.report(clients, summary.uploadId, seconds, rows);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function emulatorWriteRate(info: {
  dynamodb: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}) {
  const db = new DynamoDBClient({ endpoint: info.dynamodb, region: info.region, credentials: info });
  const TableName = 'bench-write-rate';
  await db.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }),
  );
  const batches = 400;
  const started = Date.now();
  await pMap(
    Array.from({ length: batches }, (_, b) => b),
    (b) =>
      db.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [TableName]: Array.from({ length: 25 }, (_, i) => ({
              PutRequest: { Item: { pk: { S: `item-${b}-${i}` }, payload: { S: 'x'.repeat(200) } } },
            })),
          },
        }),
      ),
    { concurrency: 8 },
  );
  return (batches * 25) / ((Date.now() - started) / 1000);
}

async function historyEvents(clients: ReturnType<typeof clientsFor>, executionArn: string): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await clients.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
    );
    count += page.events?.length ?? 0;
    nextToken = page.nextToken;
  } while (nextToken);
  return count;
}
