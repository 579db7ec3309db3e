import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadWorkers } from '../../src/cli/upload-workers.ts';
import { maskNik } from '../../src/validation/nik.ts';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

const run = promisify(execFile);

// The production default: batch files to the branch office, acknowledgement files back.
process.env.LINDUNG_BPJS_GATEWAY = 'file-exchange';

describe('enrollment through file exchange with the BPJS branch office', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  beforeAll(async () => {
    env = await freshStack();
  });
  afterAll(async () => env?.dispose());

  const bucket = () => env.clients.info.bucket;
  const text = async (Key: string) =>
    (await (
      await env.clients.s3.send(new GetObjectCommand({ Bucket: bucket(), Key }))
    ).Body?.transformToString()) ?? '';
  const workersOf = (uploadId: string) => uploadWorkers(env.clients, uploadId);

  const lindung = async (...args: string[]) =>
    JSON.parse(
      (
        await run(
          process.execPath,
          ['bin/lindung.mjs', ...args, '--json', '--data-dir', env.stack.info.dataDir],
          {
            cwd: new URL('../../', import.meta.url).pathname,
          },
        )
      ).stdout,
    );
  const outboundCsvs = async () =>
    (
      await env.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: 'outbound/bpjs/' }))
    ).Contents?.map((o) => o.Key ?? '').filter((k) => k.endsWith('.csv')) ?? [];

  it('writes a batch file, waits for the answer, then applies acceptances and rejections', async () => {
    await env.clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket(),
        Key: 'uploads/desa/6408042001/fe.csv',
        Body: toCsv(validWorkers(6)),
      }),
    );
    await env.stack.idle();
    const [upload] = await env.clients.uploads.listRecent(1);
    expect(upload?.status).toBe('AWAITING_BPJS');
    expect(upload?.outcomes?.submitted).toBe(6);

    const outbound = await env.clients.s3.send(
      new ListObjectsV2Command({ Bucket: bucket(), Prefix: 'outbound/bpjs/' }),
    );
    const batchCsv = outbound.Contents?.map((o) => o.Key ?? '').find((k) => k.endsWith('.csv')) ?? '';
    expect(batchCsv).toMatch(/^outbound\/bpjs\/\d{4}-\d{2}-\d{2}\/.+-00001\.csv$/);
    const batch = Papa.parse<Record<string, string>>((await text(batchCsv)).replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(batch).toHaveLength(6);

    // The branch accepts four and rejects two.
    const ack = [
      'BATCH_ID,NIK,STATUS,KPJ,TANGGAL_MULAI,ALASAN',
      ...batch.map((row, i) =>
        i < 4
          ? `${row.BATCH_ID},${row.NIK},DITERIMA,2600000000${i},01-12-2026,`
          : `${row.BATCH_ID},${row.NIK},DITOLAK,,,Data tidak sesuai Dukcapil`,
      ),
    ].join('\n');
    await env.clients.s3.send(
      new PutObjectCommand({ Bucket: bucket(), Key: 'inbound/bpjs/ack-1.csv', Body: ack }),
    );
    await env.stack.idle();

    const done = await env.clients.uploads.get(upload?.uploadId ?? '');
    expect(done?.status).toBe('COMPLETED');
    expect(done?.outcomes).toMatchObject({ enrolled: 4, failed: 2, submitted: 0 });
    const workers = await workersOf(upload?.uploadId ?? '');
    expect(
      workers
        .filter((w) => w.status === 'ENROLLED')
        .map((w) => w.kpj)
        .sort(),
    ).toEqual(['26000000000', '26000000001', '26000000002', '26000000003']);
    expect(workers.filter((w) => w.status === 'FAILED').map((w) => w.reason)).toEqual([
      'Data tidak sesuai Dukcapil',
      'Data tidak sesuai Dukcapil',
    ]);

    // The same file dropped again (a re-sent e-mail attachment): nothing changes, the report says so.
    await env.clients.s3.send(
      new PutObjectCommand({ Bucket: bucket(), Key: 'inbound/bpjs/ack-1-again.csv', Body: ack }),
    );
    await env.stack.idle();
    const replay = JSON.parse(await text('reports/bpjs-ack/ack-1-again.csv.json'));
    expect(replay).toMatchObject({ enrolled: 0, failed: 0, alreadyApplied: 6 });
    expect((await workersOf(upload?.uploadId ?? '')).filter((w) => w.status === 'ENROLLED')).toHaveLength(4);
    expect(JSON.stringify(replay)).not.toContain(String(batch[0]?.NIK));

    // An administrator retries the two rejected workers once Dukcapil has fixed their data: a new batch goes
    // out, the branch accepts, and the upload ends with all six enrolled.
    const retry = JSON.parse(
      (
        await run(
          process.execPath,
          [
            'bin/lindung.mjs',
            'worker',
            'retry',
            '--upload',
            upload?.uploadId ?? '',
            '--json',
            '--data-dir',
            env.stack.info.dataDir,
          ],
          {
            cwd: new URL('../../', import.meta.url).pathname,
          },
        )
      ).stdout,
    );
    expect(retry).toMatchObject({ retried: 2, reserved: 2, waitlisted: 0 });
    expect(retry.workers.map((w: { status: string }) => w.status)).toEqual(['SUBMITTED', 'SUBMITTED']);
    expect((await env.clients.uploads.get(upload?.uploadId ?? ''))?.status).toBe('AWAITING_BPJS');
    const second = (
      await env.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: 'outbound/bpjs/' }))
    ).Contents?.map((o) => o.Key ?? '').filter((k) => k.endsWith('.csv') && k !== batchCsv);
    expect(second).toHaveLength(1);
    const resent = Papa.parse<Record<string, string>>(
      (await text(second?.[0] ?? '')).replace(/^\uFEFF/, ''),
      {
        header: true,
        skipEmptyLines: true,
      },
    ).data;
    expect(resent.map((r) => r.NIK).sort()).toEqual(
      batch
        .slice(4)
        .map((r) => r.NIK)
        .sort(),
    );
    const ack2 = [
      'BATCH_ID,NIK,STATUS,KPJ,TANGGAL_MULAI,ALASAN',
      ...resent.map((row, i) => `${row.BATCH_ID},${row.NIK},DITERIMA,2600000010${i},01-12-2026,`),
    ].join('\n');
    await env.clients.s3.send(
      new PutObjectCommand({ Bucket: bucket(), Key: 'inbound/bpjs/ack-2.csv', Body: ack2 }),
    );
    await env.stack.idle();
    const finished = await env.clients.uploads.get(upload?.uploadId ?? '');
    expect(finished?.status).toBe('COMPLETED');
    expect(finished?.outcomes).toMatchObject({ enrolled: 6, failed: 0, submitted: 0 });
  }, 120_000);

  it('a worker who exits while the batch is at the branch stays EXITED when BPJS accepts, the KPJ kept for the office', async () => {
    const rows = validWorkers(3, { desa: '6408042012', firstSerial: 700 });
    const sentBefore = await outboundCsvs();
    await env.clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket(),
        Key: 'uploads/desa/6408042012/keluar.csv',
        Body: toCsv(rows),
      }),
    );
    await env.stack.idle();
    const [upload] = await env.clients.uploads.listRecent(1);
    expect(upload?.status).toBe('AWAITING_BPJS');
    const usedBefore = (await lindung('quota')).used as number;

    // Moved away while the branch office has the batch: the place goes back at once.
    const exit = await lindung('worker', 'exit', rows[0]?.nik ?? '', '--reason', 'pindah domisili');
    expect(exit).toMatchObject({ from: 'SUBMITTED', status: 'EXITED', placeReleased: true });

    const batchCsv = (await outboundCsvs()).find((k) => !sentBefore.includes(k)) ?? '';
    const batch = Papa.parse<Record<string, string>>((await text(batchCsv)).replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(batch.map((r) => r.NIK).sort()).toEqual(rows.map((r) => r.nik).sort());
    const ack = [
      'BATCH_ID,NIK,STATUS,KPJ,TANGGAL_MULAI,ALASAN',
      ...batch.map((row) => {
        const i = rows.findIndex((r) => r.nik === row.NIK);
        return `${row.BATCH_ID},${row.NIK},DITERIMA,2600000070${i},01-12-2026,`;
      }),
    ].join('\n');
    for (const key of ['inbound/bpjs/ack-keluar.csv', 'inbound/bpjs/ack-keluar-lagi.csv']) {
      await env.clients.s3.send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: ack }));
      await env.stack.idle();
      // Each reading of the answer lists the worker for the office (masked), with the KPJ to end at BPJS.
      const report = JSON.parse(await text(`reports/bpjs-ack/${key.split('/').at(-1)}.json`));
      expect(report.acceptedAfterExit).toEqual([
        { nik: maskNik(rows[0]?.nik ?? ''), batchId: batch[0]?.BATCH_ID, kpj: '26000000700' },
      ]);
      expect(JSON.stringify(report)).not.toContain(rows[0]?.nik);
    }

    const workers = await workersOf(upload?.uploadId ?? '');
    const exited = workers.find((w) => w.status === 'EXITED');
    expect(exited?.kpj).toBe('26000000700');
    // One event for the late acceptance, however often the file is read.
    const late = (exited?.history ?? []).filter((e) => e.reason.includes('KPJ 26000000700'));
    expect(late).toHaveLength(1);
    expect(late[0]?.reason).toContain('end the membership at BPJS');
    expect(
      workers
        .filter((w) => w.status === 'ENROLLED')
        .map((w) => w.kpj)
        .sort(),
    ).toEqual(['26000000701', '26000000702']);
    // The exited worker's place stays given back: the acceptance does not take it again.
    expect((await lindung('quota')).used).toBe(usedBefore - 1);
    expect((await env.clients.uploads.get(upload?.uploadId ?? ''))?.status).toBe('COMPLETED');
  }, 120_000);
});
