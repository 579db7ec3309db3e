/**
 * The claim counters on the local DynamoDB: a line is counted once whatever crashes between the steps of
 * `apply` (no transactions: the op mark on the bucket guards the addition).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClaimStore } from '../../src/adapters/dynamo-claims-store.ts';
import type { StoredClaim } from '../../src/claims/model.ts';
import { freshStack } from '../support/local-stack.ts';

const claim = (lineId: string, amount: number): StoredClaim => ({
  lineId,
  nikHash: `hash-${lineId}`,
  type: 'JKK',
  eventDate: '2026-10-01',
  paidDate: '2026-10-15',
  amount,
  desa: '6408042001',
  kecamatan: '640804',
  file: 'inbound/bpjs/claims/klaim.csv',
  row: 2,
});

/** The same client, failing the n-th write whose expression contains `marker` (a crash at that point). */
function crashingAt(db: DynamoDBDocumentClient, marker: string): DynamoDBDocumentClient {
  let crashed = false;
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: { input: { UpdateExpression?: string } }) => {
        if (!crashed && command.input.UpdateExpression?.includes(marker)) {
          const out = await target.send(command as never);
          crashed = true;
          throw Object.assign(new Error('crash after the write'), { out });
        }
        return target.send(command as never);
      };
    },
  });
}

describe('claim counters', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  beforeAll(async () => {
    env = await freshStack();
  });
  afterAll(async () => env?.dispose());

  it.each([
    ['after the counters were added', 'ADD #count'],
    ['after the line was marked counted', ':counted'],
  ])('a crash %s: the re-run counts the line once', async (_when, marker) => {
    const table = env.clients.info.tables.programmes;
    const regency = `T${marker.length}`; // a partition per case
    const store = dynamoClaimStore(env.clients.dynamo, table);
    await expect(
      dynamoClaimStore(crashingAt(env.clients.dynamo, marker), table).apply(
        regency,
        claim('a', 1_000_000),
        't1',
      ),
    ).rejects.toThrow('crash');
    expect(await store.apply(regency, claim('a', 1_000_000), 't2')).toBe('already-applied');
    expect(await store.apply(regency, claim('b', 2_000_000), 't3')).toBe('applied');
    expect(await store.apply(regency, claim('b', 2_000_000), 't4')).toBe('already-applied');
    expect(await store.buckets(regency, '2026-01', '2026-12')).toEqual([
      { month: '2026-10', type: 'JKK', kecamatan: '640804', count: 2, amount: 3_000_000 },
    ]);
  });
});
