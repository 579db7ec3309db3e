import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import pMap from 'p-map';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoProcess } from './dynamodb.ts';

const megabytes = (dir: string) => Number(execSync(`du -sm ${dir}`).toString().split('\t')[0]);

describe('the DynamoDB emulator process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lindung-dynamodb-'));
  let emulator: Awaited<ReturnType<typeof startDynamoProcess>>;
  let db: DynamoDBClient;
  beforeAll(async () => {
    emulator = await startDynamoProcess(join(dir, 'db'), 0);
    db = new DynamoDBClient({
      endpoint: emulator.url,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
  });
  afterAll(async () => {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets LevelDB reclaim overwritten items while queries run (no query keeps table files alive)', {
    timeout: 120_000,
  }, async () => {
    await db.send(
      new CreateTableCommand({
        TableName: 'programmes',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    // 4,000 overwrites of one 10 KB item (40 MB written, incompressible), each followed by a query — as the
    // programme item and its ledgers are rewritten while the workflow queries the registry.
    await pMap(
      Array.from({ length: 4_000 }, (_, i) => i),
      async (i) => {
        await db.send(
          new PutItemCommand({
            TableName: 'programmes',
            Item: { pk: { S: 'programme' }, n: { N: String(i) }, blob: { B: randomBytes(10_000) } },
          }),
        );
        await db.send(
          new QueryCommand({
            TableName: 'programmes',
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': { S: 'programme' } },
            Limit: 1,
          }),
        );
      },
      { concurrency: 8 },
    );
    // Compaction may still hold a few 4 MB write buffers. Without the iterator fix in dynamodb-process.mjs every
    // file compaction ever wrote stays on disk (over 2 GB for twice these writes).
    expect(megabytes(join(dir, 'db'))).toBeLessThan(40);
  });

  it('keeps every write of many concurrent requests: one winner per conditional put, every counter increment, index entries, data on disk after a restart', {
    timeout: 120_000,
  }, async () => {
    await db.send(
      new CreateTableCommand({
        TableName: 'workers',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'upload', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byUpload',
            KeySchema: [
              { AttributeName: 'upload', KeyType: 'HASH' },
              { AttributeName: 'pk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    );
    const before = await emulator.stats();
    // 40 callers race to claim each of 25 NIKs: exactly one claim per NIK succeeds.
    const claims = await pMap(
      Array.from({ length: 1_000 }, (_, i) => i),
      async (i) => {
        try {
          await db.send(
            new PutItemCommand({
              TableName: 'workers',
              Item: { pk: { S: `nik-${i % 25}` }, upload: { S: 'u1' }, by: { N: String(i) } },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
          return 'won';
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) return 'lost';
          throw error;
        }
      },
      { concurrency: 32 },
    );
    expect(claims.filter((c) => c === 'won')).toHaveLength(25);
    // 500 concurrent increments of one counter: none lost.
    await pMap(
      Array.from({ length: 500 }, (_, i) => i),
      () =>
        db.send(
          new UpdateItemCommand({
            TableName: 'workers',
            Key: { pk: { S: 'counter' } },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          }),
        ),
      { concurrency: 32 },
    );
    const count = async () =>
      (
        await db.send(
          new GetItemCommand({ TableName: 'workers', Key: { pk: { S: 'counter' } }, ConsistentRead: true }),
        )
      ).Item?.n?.N;
    const indexed = async () =>
      (
        await db.send(
          new QueryCommand({
            TableName: 'workers',
            IndexName: 'byUpload',
            KeyConditionExpression: 'upload = :u',
            ExpressionAttributeValues: { ':u': { S: 'u1' } },
          }),
        )
      ).Count;
    expect(await count()).toBe('500');
    expect(await indexed()).toBe(25);
    const after = await emulator.stats();
    expect((after.requests.PutItem ?? 0) - (before.requests.PutItem ?? 0)).toBe(1_000);
    expect((after.requests.UpdateItem ?? 0) - (before.requests.UpdateItem ?? 0)).toBe(500);
    expect(after.cpu.user).toBeGreaterThan(before.cpu.user);

    // Stopped and started again on the same folder: everything is still there.
    await emulator.stop();
    emulator = await startDynamoProcess(join(dir, 'db'), 0);
    db = new DynamoDBClient({
      endpoint: emulator.url,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    expect(await count()).toBe('500');
    expect(await indexed()).toBe(25);
  });
});
