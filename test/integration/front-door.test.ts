/**
 * The front door on the local stack, through HTTP with real tokens from the local Cognito: a desa user uploads
 * through a presigned POST and follows its upload; outside its scope it gets 403 and learns nothing; without a
 * valid token, 401. An upload whose key names another desa than the presign's is rejected (BAD_UPLOAD_KEY).
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, expired, foreignSigned } from '../support/api-client.ts';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

process.env.LINDUNG_BPJS_GATEWAY ??= 'simulator';

const DESA = '6408042001';
const OTHER_DESA = '6408012002';
const FORBIDDEN = {
  code: 'FORBIDDEN',
  message: 'Anda tidak berwenang mengakses ini.',
  messageEn: 'You are not allowed to access this.',
  retryable: false,
};

describe('front door: a desa user through the API', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  let api: ReturnType<typeof apiClient>;
  let desa: { idToken: string; accessToken: string };

  beforeAll(async () => {
    env = await freshStack();
    api = apiClient(env.stack);
    desa = await api.signIn(`desa-${DESA}@lindung.local`);
  });
  afterAll(async () => {
    api?.close();
    await env?.dispose();
  });

  it('knows the caller from an ID token and from an access token alike', async () => {
    for (const token of [desa.idToken, desa.accessToken]) {
      const me = await api.call(token, 'GET', '/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ role: 'desa', desa: DESA, email: `desa-${DESA}@lindung.local` });
    }
  });

  it('uploads through a presigned POST and sees the upload COMPLETED with its row errors and step timeline', async () => {
    const presign = await api.call(desa.idToken, 'POST', '/uploads/presign', { fileName: 'pekerja.csv' });
    expect(presign.status).toBe(200);
    const form = presign.body as unknown as { url: string; fields: Record<string, string>; key: string };
    expect(form.key).toMatch(new RegExp(`^uploads/desa/${DESA}/[^/]+-pekerja\\.csv$`));
    // The signed policy pins the key, the size range and who asked (s3rver does not enforce it; S3 does).
    const policy = JSON.parse(Buffer.from(form.fields.Policy ?? '', 'base64').toString('utf8')) as {
      conditions: unknown[];
    };
    expect(policy.conditions).toContainEqual({ key: form.key });
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 100 * 1024 * 1024]);
    expect(policy.conditions).toContainEqual({
      'x-amz-meta-presign-id': form.fields['x-amz-meta-presign-id'],
    });

    const rows = validWorkers(3, { desa: DESA, firstSerial: 100 });
    const broken = {
      ...validWorkers(1, { desa: DESA, firstSerial: 200 })[0],
      nik: '12345',
    } as (typeof rows)[0];
    const posted = await api.postForm(form, 'pekerja.csv', toCsv([...rows, broken]));
    expect(posted.status).toBe(204);
    await env.stack.idle();

    const list = await api.call(desa.idToken, 'GET', '/uploads');
    const uploads = list.body.uploads as Array<{
      uploadId: string;
      objectKey: string;
      uploadedBy: { email: string };
    }>;
    const mine = uploads.find((u) => u.objectKey === form.key);
    expect(mine?.uploadedBy.email).toBe(`desa-${DESA}@lindung.local`);

    const detail = await api.call(desa.idToken, 'GET', `/uploads/${mine?.uploadId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'COMPLETED', rows: 4, rejected: 1, enrolled: 3 });
    const issues = detail.body.issues as Array<{ row: number; code: string }>;
    expect(issues).toContainEqual(expect.objectContaining({ row: 5, code: 'NIK_FORMAT' }));
    const timeline = detail.body.timeline as Array<{
      step: string;
      status: string;
      durationMs: number;
      endedAt: string;
    }>;
    expect(timeline.map((s) => s.step)).toEqual(
      expect.arrayContaining([
        'validate',
        'register-workers',
        'reserve-quota',
        'enroll-workers',
        'refer-employers',
        'finalize-upload',
      ]),
    );
    for (const s of timeline) {
      expect(s.status).toBe('SUCCEEDED');
      expect(s.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('gets 403 and nothing else for another desa’s upload, an unknown upload, another prefix, or a worker', async () => {
    const key = `uploads/desa/${OTHER_DESA}/lain.csv`;
    await env.clients.s3.send(
      new PutObjectCommand({
        Bucket: env.clients.info.bucket,
        Key: key,
        Body: toCsv(validWorkers(2, { desa: OTHER_DESA, firstSerial: 300 })),
      }),
    );
    await env.stack.idle();
    const other = (await env.clients.uploads.listRecent(50)).find((u) => u.objectKey === key);
    expect(other).toBeDefined();

    const asked = [
      await api.call(desa.idToken, 'GET', `/uploads/${other?.uploadId}`),
      await api.call(desa.idToken, 'GET', '/uploads/20990101-0000000000000000'),
      await api.call(desa.idToken, 'POST', '/uploads/presign', { key: `uploads/desa/${OTHER_DESA}/x.csv` }),
      await api.call(desa.idToken, 'POST', '/workers/lookup', {
        nik: validWorkers(1, { desa: OTHER_DESA, firstSerial: 300 })[0]?.nik,
      }),
      await api.call(desa.idToken, 'GET', '/audit'),
      await api.call(desa.idToken, 'GET', '/employers'),
    ];
    for (const answer of asked) {
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual(FORBIDDEN);
    }
    const list = await api.call(desa.idToken, 'GET', '/uploads');
    expect((list.body.uploads as Array<{ objectKey: string }>).map((u) => u.objectKey)).not.toContain(key);
  });

  it('answers 401 without a token, with an expired token and with a token signed by someone else', async () => {
    for (const token of [
      undefined,
      await expired(desa.idToken),
      await foreignSigned(desa.idToken),
      'not-a-jwt',
    ]) {
      const me = await api.call(token, 'GET', '/me');
      expect(me.status).toBe(401);
      expect(me.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('rejects with BAD_UPLOAD_KEY, staging nothing, an upload whose key names another desa than its presign', async () => {
    const presign = await api.call(desa.idToken, 'POST', '/uploads/presign', { fileName: 'tukar.csv' });
    const form = presign.body as unknown as { url: string; fields: Record<string, string> };
    const forged = `uploads/desa/${OTHER_DESA}/tukar.csv`;
    const posted = await api.postForm(
      { ...form, fields: { ...form.fields, key: forged } },
      'tukar.csv',
      toCsv(validWorkers(2, { desa: OTHER_DESA, firstSerial: 400 })),
    );
    expect(posted.status).toBe(204); // the local S3 does not check the policy: the validator does
    await env.stack.idle();
    const upload = (await env.clients.uploads.listRecent(50)).find((u) => u.objectKey === forged);
    expect(upload).toMatchObject({
      status: 'REJECTED',
      staged: 0,
      chunkCount: 0,
      fileError: { code: 'BAD_UPLOAD_KEY' },
    });
    expect(upload?.uploadedBy?.email).toBe(`desa-${DESA}@lindung.local`);
  });

  it('counts coverage by desa from the counters: the desa user its own desa only, a viewer every desa', async () => {
    const own = await api.call(desa.idToken, 'GET', '/areas');
    expect(own.status).toBe(200);
    const ownDesa = own.body.byDesa as Array<{ desa: string; enrolled: number }>;
    expect(ownDesa.map((d) => d.desa)).toEqual([DESA]);
    expect(ownDesa[0]?.enrolled).toBe(3);
    expect(own.body.total).toMatchObject({ enrolled: 3 });

    const viewer = await api.signIn('viewer@lindung.local');
    const all = await api.call(viewer.accessToken, 'GET', '/areas');
    const allDesa = (all.body.byDesa as Array<{ desa: string }>).map((d) => d.desa);
    expect(allDesa).toEqual(expect.arrayContaining([DESA, OTHER_DESA]));
    expect((all.body.byKecamatan as Array<{ kecamatan: string }>).map((k) => k.kecamatan)).toEqual([
      '640801',
      '640804',
    ]);
  });

  it('lets the dashboard’s origin call it from a browser (CORS preflight and response headers)', async () => {
    const origin = 'http://127.0.0.1:5173';
    const preflight = await fetch(`${env.stack.info.api}/uploads/presign`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/127\.0\.0\.1:5173)$/);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const me = await fetch(`${env.stack.info.api}/me`, {
      headers: { origin, authorization: `Bearer ${desa.idToken}` },
    });
    expect(me.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/127\.0\.0\.1:5173)$/);
  });
});
