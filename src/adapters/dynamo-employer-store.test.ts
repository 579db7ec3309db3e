import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureTables, tableDefinitions } from '../../local/tables.ts';
import type { Referral } from '../employers/model.ts';
import type { EmployerStore, RegistryEmployer } from '../employers/ports.ts';
import { memoryEmployerStore } from '../employers/testing.ts';
import { dynamoEmployerStore } from './dynamo-employer-store.ts';

/*
 * One contract, two implementations: the DynamoDB store (against dynalite, the local emulator, so the
 * expressions and indexes are really evaluated) and the in-memory store the use-case tests rely on.
 */

const T = '2026-11-23T02:00:00.000Z';
const later = (h: number) => new Date(Date.parse(T) + h * 3_600_000).toISOString();

const sawit: RegistryEmployer = {
  key: 'nib:1234567890123',
  nib: '1234567890123',
  name: 'PT Sawit Makmur Tbk',
  normalizedName: 'sawit makmur',
  emails: ['hrd@sawit.id'],
  type: 'construction',
  projects: [{ name: 'Jalan A', owner: 'PUPR' }],
};

const referral = (nikHash: string, employerKey = sawit.key): Referral => ({
  employerKey,
  nikHash,
  nikMasked: '6408**********01',
  name: 'Siti Aminah',
  desa: '6408042001',
  desaName: 'Sangatta Utara',
  kecamatan: '640804',
  kecamatanName: 'Sangatta Utara',
  uploadId: 'u1',
  row: 2,
  listed: { name: 'PT Sawit Makmur' },
  referredAt: T,
  status: 'QUEUED',
  notices: 0,
  noticeIds: [],
});

let server: Server;
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let n = 0;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  raw = new DynamoDBClient({
    endpoint,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe.each([
  [
    'DynamoDB (dynalite)',
    async () => {
      n += 1;
      const names = { uploads: `u${n}`, workers: `w${n}`, programmes: `p${n}`, employers: `employers-${n}` };
      await ensureTables(raw, tableDefinitions(names).slice(-1));
      return dynamoEmployerStore(doc, names.employers);
    },
  ],
  ['in memory', async () => memoryEmployerStore()],
])('employer store: %s', (_, make: () => Promise<EmployerStore>) => {
  let store: EmployerStore;
  beforeEach(async () => {
    store = await make();
  });

  it('creates and updates registry employers, merging projects and keeping counters', async () => {
    expect(await store.upsertRegistry(sawit, T)).toBe('created');
    await store.addReferred(sawit.key, 2, T);
    expect(
      await store.upsertRegistry(
        { ...sawit, emails: ['baru@sawit.id'], projects: [{ name: 'Jembatan B' }] },
        later(1),
      ),
    ).toBe('updated');
    const e = await store.get(sawit.key);
    expect(e).toMatchObject({
      name: 'PT Sawit Makmur Tbk',
      emails: ['baru@sawit.id'],
      inRegistry: true,
      referred: 2,
      outstanding: 2,
      projects: [{ name: 'Jalan A', owner: 'PUPR' }, { name: 'Jembatan B' }],
      firstReferredAt: T,
    });
    expect((await store.findByName('sawit makmur')).map((x) => x.key)).toEqual([sawit.key]);
    expect(await store.findByName('other')).toEqual([]);
  });

  it('creates unknown employers once and never over a registry employer', async () => {
    await store.upsertRegistry(sawit, T);
    await store.ensureUnknown({ key: sawit.key, name: 'Sawit' }, T);
    expect((await store.get(sawit.key))?.inRegistry).toBe(true);
    await store.ensureUnknown({ key: 'name:toko', name: 'Toko' }, T);
    await store.ensureUnknown({ key: 'name:toko', name: 'Toko lagi' }, T);
    expect(await store.get('name:toko')).toMatchObject({ name: 'Toko', inRegistry: false, emails: [] });
    expect(await store.findByName('')).toEqual([]);
    expect((await store.listAll()).map((e) => e.key).sort()).toEqual(['name:toko', sawit.key]);
  });

  it('lists employers with outstanding workers until their count drops to zero', async () => {
    await store.upsertRegistry(sawit, T);
    await store.ensureUnknown({ key: 'name:toko', name: 'Toko' }, T);
    await store.addReferred(sawit.key, 1, T);
    await store.addReferred('name:toko', 0, T);
    expect((await store.listOutstanding()).map((e) => e.key).sort()).toEqual(['name:toko', sawit.key]);
    await store.updateState(sawit.key, {
      outstanding: 0,
      registered: 1,
      notices: 1,
      lastNoticeAt: T,
      updatedAt: T,
    });
    expect((await store.listOutstanding()).map((e) => e.key)).toEqual(['name:toko']);
    expect(await store.get(sawit.key)).toMatchObject({
      outstanding: 0,
      registered: 1,
      notices: 1,
      lastNoticeAt: T,
    });
    await store.updateState(sawit.key, { outstanding: 3, updatedAt: T });
    expect((await store.listOutstanding()).map((e) => e.key).sort()).toEqual(['name:toko', sawit.key]);
  });

  it('gives the contact slot to one run per window, to the same run again, and back on release', async () => {
    await store.upsertRegistry(sawit, T);
    expect(await store.claimContact(sawit.key, 'a', T, later(-336))).toBe(true);
    expect(await store.claimContact(sawit.key, 'b', T, later(-336))).toBe(false);
    expect(await store.claimContact(sawit.key, 'a', T, later(-336))).toBe(true);
    await store.releaseContact(sawit.key, 'b', {}); // not b's: nothing happens
    expect(await store.claimContact(sawit.key, 'b', later(1), later(-335))).toBe(false);
    await store.releaseContact(sawit.key, 'a', {});
    expect(await store.claimContact(sawit.key, 'b', later(1), later(-335))).toBe(true);
    await store.releaseContact(sawit.key, 'b', { at: T, runId: 'a' });
    expect(await store.get(sawit.key)).toMatchObject({ lastContactAt: T, lastContactRunId: 'a' });
    expect(await store.claimContact(sawit.key, 'c', later(400), later(64))).toBe(true);
    expect(await store.claimContact('nib:0000000000000', 'a', T, T)).toBe(false);
  });

  it('queues a worker once per employer, finds it by worker, updates, moves and deletes it', async () => {
    await store.upsertRegistry(sawit, T);
    expect(await store.putReferral(referral('h1'))).toBe('queued');
    expect(await store.putReferral(referral('h1'))).toBe('exists');
    await store.putReferral(referral('h2'));
    await store.updateReferral(sawit.key, 'h1', {
      status: 'NOTIFIED',
      notices: 1,
      noticeIds: ['r1'],
      lastNoticeAt: T,
    });
    const listed = await store.listReferrals(sawit.key);
    expect(listed.map((r) => [r.nikHash, r.status, r.notices, r.noticeIds])).toEqual([
      ['h1', 'NOTIFIED', 1, ['r1']],
      ['h2', 'QUEUED', 0, []],
    ]);
    expect((await store.referralsOfWorker('h1')).map((r) => r.employerKey)).toEqual([sawit.key]);
    await store.deleteReferral(sawit.key, 'h2');
    expect((await store.listReferrals(sawit.key)).map((r) => r.nikHash)).toEqual(['h1']);
    expect(await store.listReferrals('name:none')).toEqual([]);
  });

  it('records contacts per run (a retry overwrites its own) and digests newest first', async () => {
    await store.upsertRegistry(sawit, T);
    const contact = {
      employerKey: sawit.key,
      id: 'r1',
      kind: 'NOTICE' as const,
      sequence: 1,
      at: T,
      to: ['hrd@sawit.id'],
      cc: ['dinas@kab.go.id'],
      subject: 'Pemberitahuan',
      workerCount: 2,
      status: 'SENDING' as const,
    };
    await store.putContact(contact);
    await store.putContact({ ...contact, status: 'SENT', messageId: 'm1' });
    await store.putContact({ ...contact, id: 'r2', at: later(400), kind: 'ESCALATION', status: 'SENT' });
    expect((await store.listContacts(sawit.key)).map((c) => [c.id, c.kind, c.status])).toEqual([
      ['r1', 'NOTICE', 'SENT'],
      ['r2', 'ESCALATION', 'SENT'],
    ]);
    expect(await store.claimDigest('d1', T, later(-24))).toBe(true);
    expect(await store.claimDigest('d2', later(1), later(-23))).toBe(false);
    expect(await store.claimDigest('d2', later(24), later(0))).toBe(true);
    const digest = {
      at: T,
      to: ['dinas@kab.go.id'],
      subject: 'Ringkasan',
      entries: [],
      status: 'SENT' as const,
    };
    await store.putDigest({ ...digest, id: 'd1' });
    await store.putDigest({ ...digest, id: 'd2', at: later(24) });
    expect((await store.listDigests(5)).map((d) => d.id)).toEqual(['d2', 'd1']);
    expect((await store.listDigests(1)).map((d) => d.id)).toEqual(['d2']);
  });
});

describe('employer store: stored items parsed at the edge', () => {
  it('reads a malformed employer or referral as CORRUPT_ITEM naming the table, the key and the fields', async () => {
    n += 1;
    const names = { uploads: `u${n}`, workers: `w${n}`, programmes: `p${n}`, employers: `employers-${n}` };
    await ensureTables(raw, tableDefinitions(names).slice(-1));
    const store = dynamoEmployerStore(doc, names.employers);
    await store.upsertRegistry(sawit, T);
    await store.putReferral(referral('h1'));
    // Written by something else (a hand edit, an old version): counters as text, an unknown status.
    await doc.send(
      new UpdateCommand({
        TableName: names.employers,
        Key: { pk: `EMPLOYER#${sawit.key}`, sk: 'META' },
        UpdateExpression: 'SET referred = :bad',
        ExpressionAttributeValues: { ':bad': 'dua' },
      }),
    );
    await doc.send(
      new UpdateCommand({
        TableName: names.employers,
        Key: { pk: `EMPLOYER#${sawit.key}`, sk: 'REFERRAL#h1' },
        UpdateExpression: 'SET #s = :bad',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':bad': 'LOST' },
      }),
    );
    await expect(store.get(sawit.key)).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn: `A stored item is malformed in table ${names.employers}, key EMPLOYER#${sawit.key} / META: referred: Invalid input: expected number, received string`,
    });
    await expect(store.listReferrals(sawit.key)).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn: expect.stringContaining(`key EMPLOYER#${sawit.key} / REFERRAL#h1: status:`),
    });
  });
});
