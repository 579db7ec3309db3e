import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../access/model.ts';
import type { PresignRecord } from '../access/ports.ts';
import { presignUpload } from '../access/presign.ts';
import { httpError } from '../shared/errors.ts';
import { s3UploadPresigner } from './s3-upload-presigner.ts';

const s3 = new S3Client({
  region: 'ap-southeast-3',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
const desa: Caller = { sub: 'd1', email: 'd@x', role: 'desa', desa: '6408042001' };

function deps() {
  const records: PresignRecord[] = [];
  return {
    records,
    presigner: s3UploadPresigner(s3, 'bucket'),
    presigns: { put: async (r: PresignRecord) => void records.push(r), get: async () => undefined },
    maxFileBytes: 1000,
    now: () => new Date('2026-03-01T10:00:00Z'),
  };
}

describe('presigned upload POST', () => {
  it('signs a policy that pins the exact key under the caller’s prefix, the size range and the presign id', async () => {
    const d = deps();
    const form = await presignUpload(d, desa, { fileName: 'daftar.xlsx' });
    expect(form.key).toMatch(/^uploads\/desa\/6408042001\/20260301T100000-[0-9a-f]{8}-daftar\.xlsx$/);
    const policy = JSON.parse(Buffer.from(form.fields.Policy ?? '', 'base64').toString()) as {
      conditions: unknown[];
    };
    const [record] = d.records;
    expect(record).toMatchObject({ key: form.key, uploader: { kind: 'desa', desa: '6408042001' } });
    expect(record?.actor).toEqual({ id: 'd1', email: 'd@x', role: 'desa' });
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { key: form.key },
        ['content-length-range', 1, 1000],
        { 'x-amz-meta-presign-id': record?.id },
      ]),
    );
    expect(form.fields['x-amz-meta-presign-id']).toBe(record?.id);
  });

  it('refuses a key under another prefix (403) and a file name with a path (400), recording nothing', async () => {
    const d = deps();
    const other = presignUpload(d, desa, { key: 'uploads/desa/6408012002/x.csv' });
    await expect(other.catch((e: unknown) => httpError(e).status)).resolves.toBe(403);
    const path = presignUpload(d, desa, { fileName: '../6408012002/x.csv' });
    await expect(path.catch((e: unknown) => httpError(e).status)).resolves.toBe(400);
    expect(d.records).toEqual([]);
  });
});
