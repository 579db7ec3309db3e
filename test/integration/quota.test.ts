/**
 * The budget quota on the local stack: ten uploads started at once, more valid rows than places. Exactly the
 * places left are granted, the rest wait in arrival order, and the counters add up — also when every S3 event is
 * delivered twice. Then places free and the head of the line is enrolled, the rest move up.
 */

import { PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { promoteAndEnroll, quotaDepsFor } from '../../src/cli/quota-ops.ts';
import { uploadWorkers } from '../../src/cli/upload-workers.ts';
import type { QuotaDeps } from '../../src/quota/context.ts';
import { type ProgrammeKey, programmeId } from '../../src/quota/model.ts';
import type { LedgerEntry, QuotaWorker } from '../../src/quota/ports.ts';
import { setProgramme } from '../../src/quota/programme.ts';
import { exitWorker } from '../../src/quota/release.ts';
import { quotaReport } from '../../src/quota/status.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import type { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

// Small chunks: each upload is several chunks, reserved concurrently with the other uploads' chunks.
process.env.LINDUNG_CHUNK_SIZE = '5';
process.env.LINDUNG_BPJS_GATEWAY ??= 'simulator';

const PLACES = 37;
const UPLOADS = 10;
const ROWS = 12;
const HOLDING = ['RESERVED', 'SUBMITTED', 'ENROLLED'];

type Stack = Awaited<ReturnType<typeof freshStack>>;

async function allWorkers(env: Stack): Promise<QuotaWorker[]> {
  const found: QuotaWorker[] = [];
  for (const u of await env.clients.uploads.listRecent(100)) {
    const mine = await uploadWorkers(env.clients, u.uploadId);
    found.push(...(mine as QuotaWorker[]));
  }
  return found;
}

async function ledgers(env: Stack, key: ProgrammeKey): Promise<LedgerEntry[]> {
  const out = await env.clients.dynamo.send(
    new QueryCommand({
      TableName: env.clients.info.tables.programmes,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
      ExpressionAttributeValues: { ':pk': programmeId(key), ':r': 'RESERVATION#' },
      ConsistentRead: true,
    }),
  );
  // The ledger items themselves (their input rows are kept apart, in `<sk>#ROWS`).
  return (out.Items ?? []).filter((item) => !String(item.sk).endsWith('#ROWS')) as LedgerEntry[];
}

async function quotaMails(env: Stack): Promise<Array<{ subject: string; destination: { to: string[] } }>> {
  const store = (await (await fetch(`${env.clients.info.ses}/store`)).json()) as {
    emails: Array<{ subject: string; destination: { to: string[] } }>;
  };
  return store.emails.filter((e) => e.subject.startsWith('[lindung] Kuota'));
}

/** A programme covering today with exactly PLACES places left. */
async function leavePlaces(deps: QuotaDeps, places: number): Promise<ProgrammeKey> {
  const year = new Date().getUTCFullYear();
  const current = await deps.programmes.get({ regency: '6408', year });
  const { state } = await setProgramme(
    deps,
    regencyConfig,
    { quota: (current?.used ?? 0) + places, monthlyPremium: 16_800, budgetCeiling: null },
    { year, by: 'test' },
  );
  return { regency: state.regency, year: state.year };
}

async function tenUploadsAtOnce(env: Stack): Promise<void> {
  await Promise.all(
    Array.from({ length: UPLOADS }, (_, i) =>
      env.clients.s3.send(
        new PutObjectCommand({
          Bucket: env.clients.info.bucket,
          Key: `uploads/desa/6408042001/kuota-${i}.csv`,
          Body: toCsv(validWorkers(ROWS, { firstSerial: 1 + i * 100 })),
        }),
      ),
    ),
  );
  await env.stack.idle();
}

function expectQuotaHeld(workers: QuotaWorker[], ledgerItems: LedgerEntry[], line: QuotaWorker[]) {
  // Every valid row has exactly one outcome: a place or a spot in line.
  expect(workers).toHaveLength(UPLOADS * ROWS);
  const placed = workers.filter((w) => HOLDING.includes(w.status));
  expect(placed).toHaveLength(PLACES);
  expect(placed.every((w) => w.place !== undefined)).toBe(true);
  expect(line).toHaveLength(UPLOADS * ROWS - PLACES);

  // Arrival order: positions 1..n with no gap; each chunk's rows wait together, in row order.
  expect(line.map((w) => w.waitlist?.position)).toEqual(line.map((_, i) => i + 1));
  for (const l of ledgerItems) {
    const r = l.result;
    if (!r?.enqueued) continue;
    const mine = line.filter((w) => w.waitlist?.op === l.opId);
    expect(mine.map((w) => w.waitlist?.position)).toEqual(
      Array.from({ length: r.enqueued }, (_, i) => (r.firstPosition ?? 0) + i),
    );
    expect(mine.map((w) => w.row)).toEqual([...mine.map((w) => w.row)].sort((a, b) => a - b));
  }
  // First come, first served: once someone waited, no later chunk got a place. At most one chunk was split,
  // its first rows placed and the rest at the head of the line.
  const split = ledgerItems.filter((l) => (l.result?.enqueued ?? 0) > 0 && (l.result?.delta.used ?? 0) > 0);
  expect(split.length).toBeLessThanOrEqual(1);
  if (split[0]) expect(split[0].result?.firstPosition).toBe(1);
  const granted = ledgerItems.reduce((n, l) => n + (l.result?.delta.used ?? 0), 0);
  expect(granted).toBe(PLACES);
  expect(ledgerItems.every((l) => l.state === 'DONE')).toBe(true);
}

describe.each([1, 2])('budget quota, every S3 event delivered %i time(s)', (copies) => {
  let env: Stack;
  let deps: QuotaDeps;
  let key: ProgrammeKey;
  beforeAll(async () => {
    // Each stack gets fresh handler modules: SDK clients at module scope keep the endpoints they were made with.
    vi.resetModules();
    const support = await import('../support/local-stack.ts');
    env = await support.freshStack({ eventCopies: copies });
    await fetch(`${env.clients.info.ses}/clear-store`, { method: 'POST' });
    deps = quotaDepsFor(env.clients);
    key = await leavePlaces(deps, PLACES);
  });
  afterAll(async () => env?.dispose());

  it(`grants exactly ${PLACES} places to ${UPLOADS} uploads started at once and waitlists the rest in arrival order`, async () => {
    await tenUploadsAtOnce(env);
    const uploads = (await env.clients.uploads.listRecent(100)).filter((u) =>
      u.objectKey.includes('/kuota-'),
    );
    expect(uploads).toHaveLength(UPLOADS);
    for (const u of uploads) {
      expect(u.status, u.failureReason).not.toBe('FAILED');
      const o = u.outcomes;
      expect(
        (o?.waitlisted ?? 0) +
          (o?.enrolled ?? 0) +
          (o?.failed ?? 0) +
          ((o as { submitted?: number })?.submitted ?? 0),
      ).toBe(ROWS);
    }

    const state = await deps.programmes.get(key);
    if (!state) throw new Error('no programme');
    const report = quotaReport(state);
    expect(report.used).toBe(state.quota);
    expect(report.used + report.remaining).toBe(report.quota);
    expect(report.remaining).toBe(0);
    expect(report.waitlisted).toBe(UPLOADS * ROWS - PLACES);
    expect(report.budgetCommitted).toBeLessThanOrEqual(report.budgetCeiling);
    expect(report.byKecamatan).toEqual([
      { code: '640804', name: '', quota: null, used: state.used, waitlisted: UPLOADS * ROWS - PLACES },
    ]);

    const workers = await allWorkers(env);
    const line = workers
      .filter((w) => w.status === 'WAITLISTED')
      .sort((a, b) => (a.waitlist?.position ?? 0) - (b.waitlist?.position ?? 0));
    expectQuotaHeld(workers, await ledgers(env, key), line);
    // the index serves the same line
    const indexed = await deps.workers.listWaitlist(programmeId(key), { limit: 1000 });
    expect(indexed.map((e) => e.nikHash)).toEqual(line.map((w) => w.nikHash));
  });

  it('alerts the administrators once at 80%, 90% and 100%', async () => {
    const state = await deps.programmes.get(key);
    const marks = Object.entries(state?.alerts ?? {}).map(([t, m]) => `${t}:${m.state}`);
    expect(marks.sort()).toEqual(['100:SENT', '80:SENT', '90:SENT']);
    const mails = await quotaMails(env);
    expect(mails.length).toBeGreaterThanOrEqual(1);
    expect(mails.length).toBeLessThanOrEqual(3);
    expect(new Set(mails.map((m) => m.subject)).size).toBe(mails.length);
    expect(mails.some((m) => m.subject.includes('habis (100%)'))).toBe(true);
    for (const m of mails) expect(m.destination.to).toEqual(regencyConfig.administrators);
  });

  if (copies === 1) {
    it('enrolls the head of the line when places free, and the rest move up', async () => {
      const before = (await allWorkers(env))
        .filter((w) => w.status === 'WAITLISTED')
        .sort((a, b) => (a.waitlist?.position ?? 0) - (b.waitlist?.position ?? 0));
      const fifth = before[4];
      if (!fifth?.waitlist) throw new Error('no fifth in line');
      expect(await deps.workers.waitlistRank(programmeId(key), fifth.waitlist.position)).toBe(5);

      // three enrolled workers leave the programme
      const leaving = (await allWorkers(env)).filter((w) => HOLDING.includes(w.status)).slice(0, 3);
      for (const w of leaving) {
        const exit = await exitWorker(deps, w.nikHash, { reason: 'pindah domisili', by: 'test' });
        expect(exit.released).toBe(true);
      }
      expect((await deps.programmes.get(key))?.used).toBe(PLACES - 3);

      const promoted = await promoteAndEnroll(env.clients, key, 'test');
      await env.stack.idle();
      expect(promoted.promoted.map((p) => p.nikHash)).toEqual(before.slice(0, 3).map((w) => w.nikHash));
      const after = new Map((await allWorkers(env)).map((w) => [w.nikHash, w]));
      for (const w of before.slice(0, 3)) {
        const now = after.get(w.nikHash);
        expect(HOLDING).toContain(now?.status);
        expect(now?.status).not.toBe('RESERVED'); // went on to enrollment
        expect(now?.place?.op).toMatch(/^promote#/);
        expect(now?.waitlist).toBeUndefined();
      }
      expect(await deps.workers.waitlistRank(programmeId(key), fifth.waitlist.position)).toBe(2);

      // raising the quota by two moves the next two up
      await setProgramme(
        deps,
        regencyConfig,
        { quota: ((await deps.programmes.get(key))?.quota ?? 0) + 2 },
        { year: key.year, by: 'test' },
      );
      const raised = await promoteAndEnroll(env.clients, key, 'test');
      expect(raised.promoted.map((p) => p.nikHash)).toEqual(before.slice(3, 5).map((w) => w.nikHash));
      const state = await deps.programmes.get(key);
      expect(state?.used).toBe(state?.quota);
      expect(state?.waitlisted).toBe(UPLOADS * ROWS - PLACES - 5);
      const upload = (await env.clients.uploads.listRecent(100)).find((u) => u.uploadId === fifth.uploadId);
      expect(upload?.outcomes?.waitlisted).toBeLessThan(ROWS); // the promotion run refreshed its counts
    });
  }
});
