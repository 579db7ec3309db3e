import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

/** What the validator leaves behind: staging and reports, the upload record's status and cause. */
describe('validation on the local stack: rejected files, failures, upload keys', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  beforeAll(async () => {
    env = await freshStack();
  });
  afterAll(async () => env?.dispose());

  const bucket = () => env.clients.info.bucket;
  const put = (Key: string, Body: string) =>
    env.clients.s3.send(new PutObjectCommand({ Bucket: bucket(), Key, Body }));
  async function uploadOf(key: string) {
    const upload = (await env.clients.uploads.listRecent(100)).find((u) => u.objectKey === key);
    if (!upload) throw new Error(`no upload recorded for ${key}`);
    return upload;
  }
  const listed = async (Prefix: string) =>
    (await env.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket(), Prefix }))).Contents ?? [];

  it('a validator that fails for good (the file vanished) ends the upload FAILED with the cause', async () => {
    const key = 'uploads/desa/6408042001/hilang.csv';
    await put(key, toCsv(validWorkers(3)));
    // Deleted before the validator could read it: every attempt fails with NoSuchKey.
    await env.clients.s3.send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }));
    await env.stack.idle();
    const upload = await uploadOf(key);
    expect(upload.status).toBe('FAILED');
    expect(upload.failureReason).toMatch(/Validating the file failed after its retries/);
    expect(upload.failureReason).toMatch(/NoSuchKey|does not exist/);
  }, 30_000);

  it('a CSV rejected part-way (1,500 good rows, then an unclosed quote) leaves nothing staged', async () => {
    const key = 'uploads/desa/6408042001/kutip-terbuka.csv';
    const csv = `${toCsv(validWorkers(1500)).trimEnd()}\n"6408046501900001,"Siti tanpa penutup,1990-01-01\n`;
    await put(key, csv);
    await env.stack.idle();
    const upload = await uploadOf(key);
    expect(upload.status).toBe('REJECTED');
    expect(upload.fileError?.code).toBe('UNREADABLE_FILE');
    expect(await listed(`staging/${upload.uploadId}/`)).toEqual([]);
    const report = await env.clients.s3.send(
      new GetObjectCommand({ Bucket: bucket(), Key: `reports/${upload.uploadId}/errors.csv` }),
    );
    const lines = (await report.Body?.transformToString())?.trimEnd().split('\r\n') ?? [];
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('UNREADABLE_FILE');
  }, 60_000);

  it('a desa code that is no desa of the region directory is BAD_UPLOAD_KEY, nothing staged', async () => {
    const key = 'uploads/desa/6408999999/pekerja.csv';
    await put(key, toCsv(validWorkers(3)));
    await env.stack.idle();
    const upload = await uploadOf(key);
    expect(upload.status).toBe('REJECTED');
    expect(upload.fileError?.code).toBe('BAD_UPLOAD_KEY');
    expect(await listed(`staging/${upload.uploadId}/`)).toEqual([]);
  }, 30_000);

  it('streams a report with every issue and keeps the first 100 for quick display', async () => {
    const key = 'uploads/desa/6408042001/semua-salah.csv';
    const workers = validWorkers(700).map((w) => ({ ...w, tanggalLahir: 'bukan tanggal' }));
    await put(key, toCsv(workers));
    await env.stack.idle();
    const upload = await uploadOf(key);
    expect(upload).toMatchObject({ status: 'COMPLETED', rows: 700, rejected: 700 });
    const report = await env.clients.storage.getErrorReport(upload.uploadId);
    expect(report?.issues).toHaveLength(100);
    expect(report?.issueCount).toBeGreaterThanOrEqual(700);
    const csv = await env.clients.s3.send(
      new GetObjectCommand({ Bucket: bucket(), Key: `reports/${upload.uploadId}/errors.csv` }),
    );
    const lines = (await csv.Body?.transformToString())?.trimEnd().split('\r\n') ?? [];
    expect(lines.length - 1).toBe(report?.issueCount);
    // `lindung errors --json` reads every issue back from errors.csv, not only the first 100.
    const all = [];
    for await (const issue of env.clients.storage.readErrorLines(upload.uploadId)) all.push(issue);
    expect(all).toHaveLength(report?.issueCount ?? -1);
    expect(all.slice(0, 100)).toEqual(
      report?.issues.map(({ row, column, code, severity, message, messageEn }) => ({
        row,
        column,
        code,
        severity,
        message,
        messageEn,
      })),
    );
    expect(new Set(all.map((i) => i.row)).size).toBe(700);
  }, 60_000);
});
