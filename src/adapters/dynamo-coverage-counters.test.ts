import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoCoverageCounters } from './dynamo-coverage-counters.ts';
import { dynamoStepLog } from './dynamo-step-log.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const KEY = { regency: '6408', year: 2026 };

describe('coverage counters and step log: stored items parsed at the edge', () => {
  beforeEach(() => ddb.reset());

  it('adds up the upload items of a programme; a malformed one is CORRUPT_ITEM naming the table, key and field', async () => {
    const item = { pk: 'COVERAGE#6408#2026', sk: 'UPLOAD#u1', lastUploadAt: '2026-11-01T00:00:00.000Z' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ ...item, c: { '6408042001': [1, 10] } }] })
      .resolvesOnce({ Items: [{ ...item, c: { '6408042001': ['satu'] } }] });
    const counters = dynamoCoverageCounters(doc, 'Programmes');
    const snapshot = await counters.snapshot(KEY);
    expect(snapshot.byDesa.map((d) => [d.desa, d.uploads, d.rows])).toEqual([['6408042001', 1, 10]]);
    await expect(counters.snapshot(KEY)).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn:
        'A stored item is malformed in table Programmes, key COVERAGE#6408#2026 / UPLOAD#u1: ' +
        'c.6408042001.0: Invalid input: expected number, received string',
    });
    // The key is read with the counters, to name it.
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ProjectionExpression).toBe(
      'pk, sk, c, lastUploadAt',
    );
  });

  it('reads a day item without its date as CORRUPT_ITEM', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'COVERAGE#6408#2026', sk: 'DAY#x#u1', d: {} }] });
    await expect(
      dynamoCoverageCounters(doc, 'Programmes').daily(KEY, '2026-11-01', '2026-11-30'),
    ).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn: expect.stringContaining('/ DAY#x#u1: date:'),
    });
  });

  it('lists an upload’s steps without the table’s keys; an unknown status is CORRUPT_ITEM', async () => {
    const step = {
      pk: 'UPLOAD#u1',
      sk: 'STEP#t#validate#',
      uploadId: 'u1',
      step: 'validate',
      startedAt: 't',
      endedAt: 't2',
      durationMs: 12,
      status: 'SUCCEEDED',
    };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [step] })
      .resolvesOnce({ Items: [{ ...step, status: 'MAYBE' }] });
    const steps = dynamoStepLog(doc, 'Uploads');
    const { pk: _pk, sk: _sk, ...record } = step;
    expect(await steps.list('u1')).toEqual([record]);
    await expect(steps.list('u1')).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn: expect.stringContaining('table Uploads, key UPLOAD#u1 / STEP#t#validate#: status:'),
    });
  });
});
