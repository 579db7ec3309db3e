import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { emptyDelta, type OpRecord } from '../quota/model.ts';
import { settings } from '../quota/testing/fixtures.ts';
import { dynamoProgrammeRepository } from './dynamo-programme-repository.ts';
import { dynamoQuotaWorkerRepository } from './dynamo-worker-repository.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });
const KEY = { regency: '6408', year: 2026 };

const record: OpRecord = {
  kind: 'reserve',
  at: '2026-11-23T10:00:00.000Z',
  delta: {
    ...emptyDelta(),
    used: 3,
    committed: 3 * 16_800,
    waitlisted: 2,
    kecUsed: { '640804': 3 },
    kecWaitlisted: { '640804': 2 },
  },
  grants: { '640804': 3 },
  enqueued: 2,
};

/** The META item create() writes (counters zeroed), with these fields changed. */
async function stored(overrides: Record<string, unknown> = {}) {
  ddb.on(PutCommand).resolvesOnce({});
  await dynamoProgrammeRepository(doc, 'Programmes').create(settings(5), 't', 'test');
  return { ...ddb.commandCalls(PutCommand).at(-1)?.args[0].input.Item, ...overrides };
}

/** Resolves each placeholder of an expression back to names and values, for readable assertions. */
function resolved(
  input: {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  },
  expr = '',
) {
  let out = expr;
  for (const [p, n] of Object.entries(input.ExpressionAttributeNames ?? {}))
    out = out.replaceAll(new RegExp(`${p}(?![0-9])`, 'g'), n);
  for (const [p, v] of Object.entries(input.ExpressionAttributeValues ?? {}))
    out = out.replaceAll(new RegExp(`${p}(?![0-9])`, 'g'), typeof v === 'object' ? '{…}' : String(v));
  return out;
}

/** A retried reservation's createLedger, bringing other rows than the first writer's. */
const retriedLedger = () =>
  dynamoProgrammeRepository(doc, 'Programmes').createLedger(KEY, {
    sk: 'RESERVATION#u#1',
    opId: 'reserve#u#1',
    state: 'NEW',
    rows: [[9, 'other', '6408042001']],
    createdAt: 'y',
  });

describe('programmes table', () => {
  beforeEach(() => ddb.reset());

  it('creates a programme with zeroed counters, once', async () => {
    ddb.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    const repo = dynamoProgrammeRepository(doc, 'Programmes');
    expect(await repo.create(settings(150_000), 'now', 'test')).toBe('created');
    expect(await repo.create(settings(150_000), 'now', 'test')).toBe('exists');
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: 'PROGRAMME#6408#2026',
        sk: 'META',
        used: 0,
        committed: 0,
        ops: {},
        waitSeq: 0,
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('applies an op and records it in ONE conditional write, under every guard, taking waitlist positions', async () => {
    ddb.on(UpdateCommand).resolves({
      Attributes: await stored({ used: 3, ops: { 'reserve#u#1': record }, opPos: { 'reserve#u#1': 1 } }),
    });
    const repo = dynamoProgrammeRepository(doc, 'Programmes');
    const result = await repo.applyOp(
      KEY,
      'reserve#u#1',
      record,
      {
        configVersion: 4,
        maxUsed: 2,
        maxCommitted: 100,
        maxKecUsed: { '640804': 1 },
        waitlisted: 0,
        kecWaitlisted: { '640804': 0 },
      },
      { enqueue: 2, prune: ['reserve#old#1'] },
    );
    expect(result.status === 'applied' && result.state.ops['reserve#u#1']?.firstPosition).toBe(1);
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    if (!input) throw new Error('no update');
    expect(input.Key).toEqual({ pk: 'PROGRAMME#6408#2026', sk: 'META' });
    expect(resolved(input, input.UpdateExpression)).toBe(
      'SET used = used + 3, committed = committed + 50400, waitlisted = waitlisted + 2, ' +
        'kecUsed.640804 = if_not_exists(kecUsed.640804, 0) + 3, kecWaitlisted.640804 = if_not_exists(kecWaitlisted.640804, 0) + 2, ' +
        'ops.reserve#u#1 = {…}, opSeq = opSeq + 1, updatedAt = 2026-11-23T10:00:00.000Z, ' +
        'opPos.reserve#u#1 = waitSeq + 1, waitSeq = waitSeq + 2 REMOVE ops.reserve#old#1, opPos.reserve#old#1',
    );
    expect(resolved(input, input.ConditionExpression)).toBe(
      'attribute_exists(pk) AND attribute_not_exists(ops.reserve#u#1) AND configVersion = 4 AND used <= 2 AND committed <= 100 AND ' +
        '(attribute_not_exists(kecUsed.640804) OR kecUsed.640804 <= 1) AND waitlisted = 0 AND ' +
        '(attribute_not_exists(kecWaitlisted.640804) OR kecWaitlisted.640804 = 0)',
    );
  });

  it('tells an op applied before (adopt its record) from a guard that failed (decide again)', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: await stored({ ops: { 'reserve#u#1': record }, opPos: { 'reserve#u#1': 7 } }) })
      .resolvesOnce({ Item: await stored() });
    const repo = dynamoProgrammeRepository(doc, 'Programmes');
    expect(await repo.applyOp(KEY, 'reserve#u#1', record, {}, {})).toEqual({
      status: 'exists',
      record: { ...record, firstPosition: 7 },
    });
    expect(await repo.applyOp(KEY, 'reserve#u#1', record, {}, {})).toEqual({ status: 'conflict' });
  });

  it('reads a malformed programme item as a CORRUPT_ITEM error naming the table, the key and the fields', async () => {
    ddb.on(GetCommand).resolves({ Item: await stored({ used: 'three', opSeq: undefined }) });
    await expect(dynamoProgrammeRepository(doc, 'Programmes').get(KEY)).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      message: expect.stringContaining('tabel Programmes, kunci PROGRAMME#6408#2026 / META'),
      messageEn: expect.stringMatching(
        /table Programmes, key PROGRAMME#6408#2026 \/ META: used: .*expected number.*; opSeq: .*expected number/,
      ),
    });
  });

  it('reads a ledger entry whose state is unknown as a CORRUPT_ITEM error', async () => {
    ddb.on(GetCommand).resolves({
      Item: { pk: 'P', sk: 'RESERVATION#u#1', opId: 'r', state: 'LOST', rows: [], createdAt: 'x' },
    });
    await expect(
      dynamoProgrammeRepository(doc, 'Programmes').getLedger(KEY, 'RESERVATION#u#1'),
    ).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn: expect.stringMatching(/table Programmes, key P \/ RESERVATION#u#1: state: /),
    });
  });

  it('keeps the first writer’s ledger input', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({
      Item: {
        pk: 'P',
        sk: 'RESERVATION#u#1',
        opId: 'reserve#u#1',
        state: 'APPLIED',
        rows: [[2, 'h', '6408042001']],
        createdAt: 'x',
      },
    });
    const entry = await retriedLedger();
    expect(entry).toMatchObject({ state: 'APPLIED', rows: [[2, 'h', '6408042001']] });
  });

  it('writes a ledger’s rows once, in their own item: its state changes rewrite only the small state item', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const repo = dynamoProgrammeRepository(doc, 'Programmes');
    const rows: Array<[number, string, string]> = Array.from({ length: 500 }, (_, i) => [
      i + 2,
      `hash-${i}`,
      '6408042001',
    ]);
    const entry = await repo.createLedger(KEY, {
      sk: 'RESERVATION#u#1',
      opId: 'reserve#u#1',
      state: 'NEW',
      rows,
      createdAt: 'x',
    });
    expect(entry).toMatchObject({ state: 'NEW', rows });
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item ?? {});
    expect(puts.map((i) => i.sk)).toEqual(['RESERVATION#u#1#ROWS', 'RESERVATION#u#1']);
    expect(puts[0]?.rows).toEqual(rows);
    expect(puts[1]).not.toHaveProperty('rows');
    await repo.setLedgerState(KEY, 'RESERVATION#u#1', ['NEW'], 'APPLIED', 'y', record);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'PROGRAMME#6408#2026', sk: 'RESERVATION#u#1' },
    });

    // Read back: the state item and its rows item, one entry.
    ddb.on(GetCommand, { Key: { pk: 'PROGRAMME#6408#2026', sk: 'RESERVATION#u#1' } }).resolves({
      Item: {
        pk: 'PROGRAMME#6408#2026',
        sk: 'RESERVATION#u#1',
        opId: 'reserve#u#1',
        state: 'DONE',
        createdAt: 'x',
      },
    });
    ddb.on(GetCommand, { Key: { pk: 'PROGRAMME#6408#2026', sk: 'RESERVATION#u#1#ROWS' } }).resolves({
      Item: { pk: 'PROGRAMME#6408#2026', sk: 'RESERVATION#u#1#ROWS', rows },
    });
    expect(await repo.getLedger(KEY, 'RESERVATION#u#1')).toMatchObject({ state: 'DONE', rows });
  });

  it('keeps the first writer’s rows item when a retry brings other rows', async () => {
    ddb.on(PutCommand, { Item: { sk: 'RESERVATION#u#1#ROWS' } }).rejects(conditionFailed());
    ddb.on(PutCommand, { Item: { sk: 'RESERVATION#u#1' } }).resolves({});
    ddb.on(GetCommand).resolves({
      Item: { pk: 'PROGRAMME#6408#2026', sk: 'RESERVATION#u#1#ROWS', rows: [[2, 'h', '6408042001']] },
    });
    const entry = await retriedLedger();
    expect(entry).toMatchObject({ state: 'NEW', rows: [[2, 'h', '6408042001']] });
  });

  it('gives the promotion lease back only when nothing changed that could allow a promotion', async () => {
    ddb.on(UpdateCommand).rejectsOnce(conditionFailed()).resolvesOnce({});
    const repo = dynamoProgrammeRepository(doc, 'Programmes');
    expect(await repo.releaseLease(KEY, 't1', { opSeq: 9, committedAbove: 500 })).toBe(false);
    expect(await repo.releaseLease(KEY, 't1')).toBe(true);
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    if (!input) throw new Error('no update');
    expect(resolved(input, input.ConditionExpression)).toBe(
      'promoter = t1 AND (opSeq = 9 OR waitlisted <= 0 OR used >= quota OR committed > 500)',
    );
  });

  it('claims an alert threshold once, or again when a claim went stale', async () => {
    ddb.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    const repo = dynamoProgrammeRepository(doc, 'Programmes');
    expect(await repo.claimAlert(KEY, 80, 'now', 'before')).toBe(true);
    expect(await repo.claimAlert(KEY, 80, 'now', 'before')).toBe(false);
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input && resolved(input, input.ConditionExpression)).toBe(
      'attribute_exists(pk) AND (attribute_not_exists(alerts.80) OR (alerts.80.state = SENDING AND alerts.80.at < before))',
    );
  });
});

describe('quota fields of the worker registry', () => {
  beforeEach(() => ddb.reset());
  const worker = { nikHash: 'h1', desa: '6408042001' };
  const change = { to: 'WAITLISTED' as const, reason: 'kuota penuh', by: 'workflow:u1', at: 'now' };

  it('puts a PENDING worker in line under the programme, at a zero-padded position', async () => {
    ddb.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    const repo = dynamoQuotaWorkerRepository(doc, 'Workers', 'Uploads');
    const spot = {
      programme: 'PROGRAMME#6408#2026',
      position: 42,
      uploadId: 'u1',
      chunk: 1,
      op: 'reserve#u1#1',
    };
    expect(await repo.enqueue(worker, spot, change)).toBe(true);
    expect(await repo.enqueue(worker, spot, change)).toBe(false);
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(input?.ExpressionAttributeValues).toMatchObject({
      ':p0': 'PROGRAMME#6408#2026',
      ':p1': '000000000042',
      ':event': ['now|WAITLISTED|workflow:u1|kuota penuh'],
      ':from0': 'PENDING',
    });
    expect(input?.UpdateExpression).toContain('list_append');
  });

  it('grants a place and leaves the line in the same write', async () => {
    ddb.on(UpdateCommand).resolves({});
    const place = {
      programme: 'PROGRAMME#6408#2026',
      op: 'promote#t#0',
      kecamatan: '640804',
      fromMonth: '2026-12',
      endMonth: '2026-12',
      monthlyPremium: 16_800,
      committed: 16_800,
    };
    await dynamoQuotaWorkerRepository(doc, 'Workers', 'Uploads').grantPlace(worker, ['WAITLISTED'], place, {
      ...change,
      to: 'RESERVED',
    });
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    if (!input) throw new Error('no update');
    expect(resolved(input, input.UpdateExpression)).toMatch(
      /SET .*place = \{…\} REMOVE areaPk, areaSk, waitlistPk, waitlistSk, waitlist$/,
    );
  });

  it('reads the line in position order from the sparse index, after a position', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          nikHash: 'h1',
          desa: '6408042001',
          kecamatan: '640804',
          uploadId: 'u1',
          waitlist: { position: 43, uploadId: 'u1', chunk: 2 },
        },
      ],
    });
    const line = await dynamoQuotaWorkerRepository(doc, 'Workers', 'Uploads').listWaitlist(
      'PROGRAMME#6408#2026',
      {
        limit: 10,
        afterPosition: 42,
      },
    );
    expect(line).toEqual([
      { nikHash: 'h1', desa: '6408042001', kecamatan: '640804', position: 43, uploadId: 'u1', chunk: 2 },
    ]);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'waitlist',
      ExpressionAttributeValues: { ':p': 'PROGRAMME#6408#2026', ':after': '000000000042' },
    });
  });
});
