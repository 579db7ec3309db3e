import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Upload } from '../uploads/model.ts';
import type { Worker } from '../workers/model.ts';
import { dynamoUploadRepository } from './dynamo-upload-repository.ts';
import { dynamoWorkerRepository } from './dynamo-worker-repository.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

const upload: Upload = {
  uploadId: 'u1',
  bucket: 'b',
  objectKey: 'uploads/desa/6408042001/a.csv',
  fileName: 'a.csv',
  uploader: { kind: 'desa', desa: '6408042001' },
  status: 'VALIDATING',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  rows: 0,
  rejected: 0,
  staged: 0,
  warnings: 0,
  chunkCount: 0,
};

const worker: Worker = {
  nikHash: 'h1',
  nik: '6408046501900001',
  name: 'Siti Aminah',
  birthDate: '1990-01-25',
  gender: 'P',
  desa: '6408042001',
  kecamatan: '640804',
  occupation: 'Petani',
  uploadId: 'u2',
  row: 2,
  status: 'PENDING',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
};

describe('uploads table', () => {
  beforeEach(() => ddb.reset());

  it('files an upload under its uploader, newest first, and only once', async () => {
    ddb.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    const repo = dynamoUploadRepository(doc, 'Uploads');
    expect(await repo.create(upload)).toBe('created');
    expect(await repo.create(upload)).toBe('exists');
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'Uploads',
      Item: expect.objectContaining({
        pk: 'UPLOAD#u1',
        sk: 'META',
        gsi1pk: 'desa#6408042001',
        gsi1sk: '2026-11-23T10:00:00.000Z#u1',
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('does not move a finished upload back when a late duplicate delivery reports in', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const repo = dynamoUploadRepository(doc, 'Uploads');
    expect(await repo.update('u1', { status: 'RUNNING' }, 'VALIDATING')).toBe(false);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: 'attribute_exists(pk) AND #status = :onlyIf',
      ExpressionAttributeValues: expect.objectContaining({ ':onlyIf': 'VALIDATING' }),
    });
  });

  it('reads a stored upload back, and names the table, key and field of a malformed one', async () => {
    const stored = { pk: 'UPLOAD#u1', sk: 'META', gsi1pk: 'desa#6408042001', ...upload };
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: stored })
      .resolvesOnce({ Item: { ...stored, status: 'DONE', rows: '12' } });
    const repo = dynamoUploadRepository(doc, 'Uploads');
    expect(await repo.get('u1')).toEqual(upload);
    const error = await repo.get('u1').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CORRUPT_ITEM', kind: 'internal' });
    expect((error as Error).message).toMatch(/tabel Uploads, kunci UPLOAD#u1: status: .*; rows: /);
    expect((error as { messageEn: string }).messageEn).toMatch(/table Uploads, key UPLOAD#u1/);
  });
});

describe('worker registry', () => {
  beforeEach(() => ddb.reset());

  it('registers a new NIK under its keyed hash, never the NIK itself', async () => {
    ddb.on(PutCommand).resolves({});
    expect(await dynamoWorkerRepository(doc, 'Workers', 'Uploads').claim(worker)).toBe('claimed');
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.Item?.pk).toBe('NIK#h1');
    expect(JSON.stringify([put?.Item?.pk, put?.Item?.sk])).not.toContain(worker.nik);
  });

  it('calls a NIK registered by another upload a duplicate, and its own earlier claim not', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { uploadId: 'u-earlier' } })
      .resolvesOnce({ Item: { uploadId: 'u2' } });
    const repo = dynamoWorkerRepository(doc, 'Workers', 'Uploads');
    expect(await repo.claim(worker)).toBe('duplicate');
    expect(await repo.claim(worker)).toBe('claimed');
  });

  it('changes a status only from the expected one, appending to the history in the same write', async () => {
    ddb.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    const repo = dynamoWorkerRepository(doc, 'Workers', 'Uploads');
    const change = {
      to: 'RESERVED' as const,
      reason: 'quota place',
      by: 'workflow:u2',
      at: '2026-11-23T10:01:00.000Z',
    };
    expect(await repo.transition(worker, ['PENDING'], change)).toBe(true);
    expect(await repo.transition(worker, ['PENDING'], change)).toBe(false);
    const update = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.UpdateExpression).toContain('#h = list_append(#h, :event)');
    expect(update?.ExpressionAttributeValues?.[':event']).toEqual([
      `${Date.parse(change.at).toString(36)}|RESERVED||quota place`,
    ]);
  });

  it("marks a worker leaving its chunk's path on the chunk's record first; checks the stored status", async () => {
    ddb.on(UpdateCommand).resolves({});
    const repo = dynamoWorkerRepository(doc, 'Workers', 'Uploads');
    const exit = {
      to: 'EXITED' as const,
      reason: 'pindah',
      by: 'admin:budi',
      at: '2026-11-23T10:01:00.000Z',
    };
    // RESERVED by the chunk's reservation: the item still says PENDING.
    const placed: Worker = { ...worker, chunk: 3, pos: 7 };
    expect(await repo.transition(placed, ['RESERVED'], exit)).toBe(true);
    const [mark, change] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(mark).toMatchObject({
      TableName: 'Uploads',
      Key: { pk: 'UPLOAD#u2', sk: 'CHUNK#000003' },
      UpdateExpression: 'ADD #x :pos',
      ExpressionAttributeValues: { ':pos': new Set([7]) },
    });
    expect(change?.TableName).toBe('Workers');
    expect(change?.ConditionExpression).toBe('#status IN (:from0, :from1)');
    expect(change?.ExpressionAttributeValues).toMatchObject({ ':from0': 'RESERVED', ':from1': 'PENDING' });
  });

  it("merges workers with their chunk's record, read once; a record the caller just read is not read again", async () => {
    const res = {
      at: '2026-11-23T10:02:00.000Z',
      op: 'reserve#u2#3',
      programme: 'PROGRAMME#6408#2026',
      fromMonth: '2026-12',
      endMonth: '2026-12',
      monthlyPremium: 16_800,
      committed: 16_800,
      g: '.......G',
    };
    const item = { pk: 'NIK#h1', sk: 'PROFILE', ...worker, chunk: 3, pos: 7 };
    ddb.on(BatchGetCommand).resolves({ Responses: { Workers: [item] } });
    ddb.on(GetCommand).resolves({ Item: { pk: 'UPLOAD#u2', sk: 'CHUNK#000003', chunk: 3, res } });
    ddb.on(QueryCommand).resolves({ Items: [] });
    const repo = dynamoWorkerRepository(doc, 'Workers', 'Uploads');
    const [read] = await repo.getMany(['h1']);
    expect(read?.status).toBe('RESERVED');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    const [known] = await repo.getMany(['h1'], { uploadId: 'u2', chunk: 3, record: { res } });
    expect(known).toEqual(read);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
  });
});
