import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
} from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaDepsFor } from '../../src/cli/quota-ops.ts';
import { uploadWorkers } from '../../src/cli/upload-workers.ts';
import { setProgramme } from '../../src/quota/programme.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

describe('one upload end to end on the local stack', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  beforeAll(async () => {
    env = await freshStack();
  });
  afterAll(async () => env?.dispose());

  async function putAndSettle(key: string, body: string) {
    await env.clients.s3.send(
      new PutObjectCommand({ Bucket: env.clients.info.bucket, Key: key, Body: body }),
    );
    await env.stack.idle();
    const uploads = await env.clients.uploads.listRecent(100);
    const upload = uploads.find((u) => u.objectKey === key);
    if (!upload) throw new Error(`no upload recorded for ${key}`);
    return upload;
  }

  it('validates a village CSV put into the bucket, runs the workflow, and records every worker', async () => {
    const workers = validWorkers(12);
    const upload = await putAndSettle('uploads/desa/6408042001/pekerja.csv', toCsv(workers));

    expect(upload.status).toBe('COMPLETED');
    expect(upload.rows).toBe(12);
    expect(upload.outcomes).toEqual({
      duplicates: 0,
      referred: 0,
      waitlisted: 0,
      enrolled: 12,
      failed: 0,
      submitted: 0,
      reserved: 0,
    });

    const registered = await uploadWorkers(env.clients, upload.uploadId);
    expect(registered.map((w) => w.status)).toEqual(Array(12).fill('ENROLLED'));
    expect(registered.map((w) => w.row)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
    // keys carry the NIK's keyed hash, never the NIK
    const keys = await env.clients.dynamo.send(
      new ScanCommand({
        TableName: env.clients.info.tables.workers,
        FilterExpression: 'uploadId = :u',
        ExpressionAttributeValues: { ':u': upload.uploadId },
      }),
    );
    expect(keys.Items).toHaveLength(12);
    for (const item of keys.Items ?? []) expect(String(item.pk)).not.toMatch(/\d{16}/);

    const staged = await env.clients.s3.send(
      new ListObjectsV2Command({ Bucket: env.clients.info.bucket, Prefix: `staging/${upload.uploadId}/` }),
    );
    expect(staged.Contents?.map((o) => o.Key)).toEqual([`staging/${upload.uploadId}/chunk-00001.ndjson`]);
    const report = await env.clients.s3.send(
      new GetObjectCommand({ Bucket: env.clients.info.bucket, Key: `reports/${upload.uploadId}/errors.csv` }),
    );
    expect(report.ContentType).toContain('text/csv');
  });

  it('lists the execution as SUCCEEDED through the Step Functions API, with its history', async () => {
    const machines = await env.clients.sfn.send(new ListStateMachinesCommand({}));
    expect(machines.stateMachines?.map((m) => m.name)).toContain('lindung-enrollment');
    const executions = await env.clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: env.clients.info.stateMachines.enrollment }),
    );
    expect(executions.executions?.map((e) => e.status)).toEqual(['SUCCEEDED']);
    const arn = executions.executions?.[0]?.executionArn ?? '';
    const history = await env.clients.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn }));
    const types = history.events?.map((e) => e.type) ?? [];
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(types).toContain('MapIterationSucceeded');
    expect(types.filter((t) => t === 'LambdaFunctionSucceeded')).toHaveLength(5); // register, reserve, enroll, refer employers, finalize
  });

  it('rejects a file under a key outside the upload layout with BAD_UPLOAD_KEY, staging nothing', async () => {
    const upload = await putAndSettle('uploads/desa/12345/pekerja.csv', toCsv(validWorkers(2)));
    expect(upload.status).toBe('REJECTED');
    expect(upload.fileError?.code).toBe('BAD_UPLOAD_KEY');
    expect(upload.fileError?.message).toMatch(/uploads\/desa/);
    expect(upload.executionArn).toBeUndefined();
    const staged = await env.clients.s3.send(
      new ListObjectsV2Command({ Bucket: env.clients.info.bucket, Prefix: `staging/${upload.uploadId}/` }),
    );
    expect(staged.KeyCount ?? 0).toBe(0);
  });

  it('counts a second upload of the same workers as duplicates', async () => {
    const upload = await putAndSettle('uploads/desa/6408042001/pekerja-lagi.csv', toCsv(validWorkers(12)));
    expect(upload.status).toBe('COMPLETED');
    expect(upload.outcomes?.duplicates).toBe(12);
    expect(upload.outcomes?.enrolled).toBe(0);
  });

  it('enrolls the new workers a file lists after workers already registered, in the same chunk', async () => {
    // Duplicates first, then three new workers: the batch must carry the new ones by their place in the chunk.
    const rows = [...validWorkers(12), ...validWorkers(3, { firstSerial: 300 })];
    const upload = await putAndSettle('uploads/desa/6408042001/pekerja-tambahan.csv', toCsv(rows));
    expect(upload.status).toBe('COMPLETED');
    expect(upload.outcomes).toMatchObject({ duplicates: 12, enrolled: 3, reserved: 0, submitted: 0 });
  });

  it("judges the next upload by the programme's own age limits and excluded occupations", async () => {
    const year = new Date().getUTCFullYear();
    await setProgramme(
      quotaDepsFor(env.clients),
      regencyConfig,
      { maxAge: 30, excludedOccupations: ['PNS', 'TNI', 'POLRI', 'Tukang Ojek'] },
      { year, by: 'test' },
    );
    const workers = validWorkers(10, { firstSerial: 500 });
    // Ages count on the programme's first day, 1 January.
    const ageOnFirstDay = (w: { tanggalLahir: string }) => {
      const [day, month, born] = w.tanggalLahir.split('-').map(Number);
      return year - (born ?? 0) - (day === 1 && month === 1 ? 0 : 1);
    };
    const tooOld = workers.filter((w) => ageOnFirstDay(w) > 30).length;
    const ojek = workers.filter((w) => w.pekerjaan === 'Tukang Ojek').length;
    expect(tooOld).toBeGreaterThan(0);
    expect(ojek).toBeGreaterThan(0);

    const upload = await putAndSettle('uploads/desa/6408042001/aturan-baru.csv', toCsv(workers));
    const issues = (await env.clients.storage.getErrorReport(upload.uploadId))?.issues ?? [];
    const ageRows = new Set(issues.filter((i) => i.code === 'AGE_OUT_OF_RANGE').map((i) => i.row));
    const jobRows = new Set(issues.filter((i) => i.code === 'INELIGIBLE_OCCUPATION').map((i) => i.row));
    expect(ageRows.size).toBe(tooOld);
    expect(jobRows.size).toBe(ojek);
    expect(upload.rejected).toBe(new Set([...ageRows, ...jobRows]).size);
    expect(upload.rejected + (upload.outcomes?.enrolled ?? 0)).toBe(10);
  });
});
