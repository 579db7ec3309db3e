/**
 * Maker–checker and the audit trail through the API: with approval required, the uploader cannot approve its
 * own upload; an approver can, once; a rejection gives back exactly the places held; every change people made
 * (programme, approvals, rejection, users) is in `lindung audit --json` with who, old and new.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/access/ports.ts';
import { apiClient } from '../support/api-client.ts';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

process.env.LINDUNG_BPJS_GATEWAY ??= 'simulator';
const run = promisify(execFile);
const DESA = '6408042001';
const DESA_USER = `desa-${DESA}@lindung.local`;

describe('approvals and the audit trail through the API', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  let api: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};

  async function cli(...args: string[]) {
    const out = await run(
      process.execPath,
      ['bin/lindung.mjs', ...args, '--data-dir', env.clients.info.dataDir],
      {
        cwd: new URL('../../', import.meta.url).pathname,
      },
    );
    return out.stdout;
  }

  async function uploadAsDesa(fileName: string, firstSerial: number, count: number): Promise<string> {
    const presign = await api.call(tokens.desa, 'POST', '/uploads/presign', { fileName });
    const form = presign.body as unknown as { url: string; fields: Record<string, string>; key: string };
    const posted = await api.postForm(
      form,
      fileName,
      toCsv(validWorkers(count, { desa: DESA, firstSerial })),
    );
    expect(posted.status).toBe(204);
    await env.stack.idle();
    const list = await api.call(tokens.desa, 'GET', '/uploads');
    const upload = (list.body.uploads as Array<{ uploadId: string; objectKey: string }>).find(
      (u) => u.objectKey === form.key,
    );
    if (!upload) throw new Error(`no upload for ${form.key}`);
    return upload.uploadId;
  }

  const used = async () => (await api.call(tokens.viewer, 'GET', '/quota')).body.used as number;

  beforeAll(async () => {
    env = await freshStack();
    api = apiClient(env.stack);
    tokens.admin = (await api.signIn('admin@lindung.local')).idToken;
    tokens.approver = (await api.signIn('approver@lindung.local')).accessToken;
    tokens.viewer = (await api.signIn('viewer@lindung.local')).idToken;
    tokens.desa = (await api.signIn(DESA_USER)).idToken;
    const set = await api.call(tokens.admin, 'PUT', '/quota', { requiresApproval: true });
    expect(set.status).toBe(200);
  });
  afterAll(async () => {
    api?.close();
    await env?.dispose();
  });

  let approved = '';
  let rejected = '';

  it('holds an upload for approval; the uploader cannot approve it; an approver can, and only once', async () => {
    approved = await uploadAsDesa('setuju.csv', 500, 3);
    const held = await api.call(tokens.desa, 'GET', `/uploads/${approved}`);
    expect(held.body).toMatchObject({ status: 'AWAITING_APPROVAL', reserved: 3 });

    const waiting = await api.call(tokens.approver, 'GET', '/approvals');
    expect((waiting.body.uploads as Array<{ uploadId: string }>).map((u) => u.uploadId)).toEqual([approved]);
    const own = await api.call(tokens.desa, 'POST', `/approvals/${approved}/approve`);
    expect(own.status).toBe(403);
    const viewer = await api.call(tokens.viewer, 'POST', `/approvals/${approved}/approve`);
    expect(viewer.status).toBe(403);

    const first = await api.call(tokens.approver, 'POST', `/approvals/${approved}/approve`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ approvedNow: true, approval: { by: 'approver@lindung.local' } });
    const again = await api.call(tokens.approver, 'POST', `/approvals/${approved}/approve`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ approvedNow: false });
    await env.stack.idle();
    const done = await api.call(tokens.desa, 'GET', `/uploads/${approved}`);
    expect(done.body).toMatchObject({ status: 'COMPLETED', enrolled: 3, reserved: 0 });
  });

  it('gives back exactly the places held when an approver rejects, once', async () => {
    rejected = await uploadAsDesa('tolak.csv', 600, 4);
    const before = await used();
    const reject = await api.call(tokens.approver, 'POST', `/approvals/${rejected}/reject`, {
      reason: 'data ganda',
    });
    expect(reject.status).toBe(200);
    expect(reject.body).toMatchObject({ rejectedNow: true, released: 4, upload: { status: 'REJECTED' } });
    expect(await used()).toBe(before - 4);
    const again = await api.call(tokens.approver, 'POST', `/approvals/${rejected}/reject`, {
      reason: 'lagi',
    });
    expect(again.body).toMatchObject({ rejectedNow: false, released: 0 });
    expect(await used()).toBe(before - 4);
    const approveRejected = await api.call(tokens.approver, 'POST', `/approvals/${rejected}/approve`);
    expect(approveRejected.status).toBe(409);
  });

  it('lists every change people made with who, old and new in lindung audit --json', async () => {
    const added = JSON.parse(
      await cli('user', 'add', '--email', 'kedua@lindung.local', '--role', 'viewer', '--json'),
    ) as { sub: string; password: string };
    const token = (await api.signIn('kedua@lindung.local', added.password)).idToken;
    expect((await api.call(token, 'GET', '/me')).status).toBe(200);
    await cli('user', 'disable', 'kedua@lindung.local');
    expect((await api.call(token, 'GET', '/me')).status).toBe(401);

    const leaver = validWorkers(1, { desa: DESA, firstSerial: 500 })[0]?.nik ?? '';
    await cli('worker', 'exit', leaver, '--reason', 'pindah domisili');
    await cli('program', 'set', '--quota', '160000');

    const events = JSON.parse(await cli('audit', '--json')) as AuditEvent[];
    const of = (action: string, entity?: string) =>
      events.filter((e) => e.action === action && (!entity || e.entity === entity));

    const programme = of('programme.set').reverse(); // oldest first
    expect(programme).toHaveLength(2);
    expect(programme[1]).toMatchObject({
      actor: { role: 'operator' },
      old: { quota: 150_000, requiresApproval: true },
      new: { quota: 160_000, requiresApproval: true },
    });
    expect(of('worker.exit')).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ role: 'operator' }),
        old: { status: 'ENROLLED' },
        new: expect.objectContaining({ status: 'EXITED', reason: 'pindah domisili', placeReleased: true }),
      }),
    ]);
    expect(programme[0]).toMatchObject({
      actor: { email: 'admin@lindung.local', role: 'admin' },
      old: { requiresApproval: false },
      new: { requiresApproval: true },
    });
    expect(programme[0]?.requestId).toBeTruthy();
    expect(of('upload.approve', `upload#${approved}`)).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ email: 'approver@lindung.local', role: 'approver' }),
        old: { status: 'AWAITING_APPROVAL' },
      }),
    ]);
    expect(of('upload.reject', `upload#${rejected}`)).toEqual([
      expect.objectContaining({
        old: { status: 'AWAITING_APPROVAL', reserved: 4 },
        new: expect.objectContaining({ status: 'REJECTED', released: 4 }),
      }),
    ]);
    expect(of('user.add', `user#${added.sub}`)[0]).toMatchObject({
      actor: { role: 'operator' },
      new: { email: 'kedua@lindung.local', role: 'viewer' },
    });
    expect(of('user.disable', `user#${added.sub}`)[0]).toMatchObject({
      old: { disabled: false },
      new: { disabled: true },
    });
    expect(of('user.add').length).toBe(6); // the five example users and this one
    const employers = await api.call(tokens.viewer, 'GET', '/employers');
    expect(employers.status).toBe(200);
    expect(employers.body.employers).toEqual([]);
  });

  it('imports an employer registry only from Disnakertrans’s own presigned POST, and audits who brought it', async () => {
    const registry = [
      'NIB,Nama Perusahaan,E-mail,Alamat,Jenis,Nama Proyek,Pemilik Proyek',
      '1234567890123,PT Sawit Makmur Tbk,hr@sawitmakmur.co.id,Jl. Poros Sangatta KM 5,Perusahaan,,',
    ].join('\r\n');
    const registryKey = (name: string) => `uploads/agency/disnakertrans/employers/${name}`;
    // A desa user's presign, with the key swapped for the registry's: refused, nothing imported.
    const forged = (await api.call(tokens.desa, 'POST', '/uploads/presign', { fileName: 'reg.csv' }))
      .body as unknown as {
      url: string;
      fields: Record<string, string>;
    };
    await api.postForm(
      { ...forged, fields: { ...forged.fields, key: registryKey('palsu.csv') } },
      'palsu.csv',
      registry,
    );
    await env.stack.idle();
    expect((await api.call(tokens.viewer, 'GET', '/employers')).body.employers).toEqual([]);

    const disnaker = JSON.parse(
      await cli(
        'user',
        'add',
        '--email',
        'disnakertrans@lindung.local',
        '--role',
        'agency',
        '--agency',
        'disnakertrans',
        '--json',
      ),
    ) as { password: string };
    const token = (await api.signIn('disnakertrans@lindung.local', disnaker.password)).idToken;
    const presign = await api.call(token, 'POST', '/uploads/presign', { key: registryKey('daftar.csv') });
    const form = presign.body as unknown as { url: string; fields: Record<string, string>; key: string };
    expect(form.key).toMatch(/^uploads\/agency\/disnakertrans\/employers\/[^/]+-daftar\.csv$/);
    expect((await api.postForm(form, 'daftar.csv', registry)).status).toBe(204);
    await env.stack.idle();
    const employers = (await api.call(tokens.viewer, 'GET', '/employers')).body.employers as Array<{
      name: string;
    }>;
    expect(employers.map((e) => e.name)).toEqual(['PT Sawit Makmur Tbk']);
    const events = JSON.parse(await cli('audit', '--entity', 'employers#registry', '--json')) as AuditEvent[];
    expect(events).toEqual([
      expect.objectContaining({
        action: 'employers.import',
        actor: expect.objectContaining({ email: 'disnakertrans@lindung.local', role: 'agency' }),
        new: expect.objectContaining({ key: form.key, employers: 1 }),
      }),
    ]);
  });
});
