/**
 * An acknowledgement file answers only for the workers of batches lindung sent: a batch it never sent, or a
 * worker of another batch, changes nothing and is named in the ingestion report (issue: forged acknowledgements).
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackNikHasher } from '../../src/composition/stack-runtime.ts';
import { workerRepository } from '../../src/composition/stores.ts';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

process.env.LINDUNG_BPJS_GATEWAY = 'file-exchange';

describe('acknowledgements that do not answer lindung’s own batches', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  const batches: Record<string, Array<Record<string, string>>> = {};
  const uploads: Record<string, string> = {};

  const bucket = () => env.clients.info.bucket;
  const text = async (Key: string) =>
    (await (
      await env.clients.s3.send(new GetObjectCommand({ Bucket: bucket(), Key }))
    ).Body?.transformToString()) ?? '';
  const put = async (Key: string, Body: string) => {
    await env.clients.s3.send(new PutObjectCommand({ Bucket: bucket(), Key, Body }));
    await env.stack.idle();
  };
  const statusOf = async (nik: string) => {
    const hash = stackNikHasher(env.clients.info)(nik);
    const [w] = await workerRepository(env.clients).getMany([hash]);
    return w?.status;
  };
  const ack = (rows: Array<[string, string, string]>) =>
    [
      'BATCH_ID,NIK,STATUS,KPJ,TANGGAL_MULAI,ALASAN',
      ...rows.map(([b, nik, status]) =>
        status === 'DITERIMA'
          ? `${b},${nik},DITERIMA,26999999999,01-12-2026,`
          : `${b},${nik},DITOLAK,,,palsu`,
      ),
    ].join('\n');

  beforeAll(async () => {
    env = await freshStack();
    for (const [name, firstSerial, count] of [
      ['a', 1, 3],
      ['b', 50, 2],
    ] as const) {
      await put(`uploads/desa/6408042001/${name}.csv`, toCsv(validWorkers(count, { firstSerial })));
      const upload = (await env.clients.uploads.listRecent(10)).find((u) =>
        u.objectKey.endsWith(`/${name}.csv`),
      );
      expect(upload?.status).toBe('AWAITING_BPJS');
      uploads[name] = upload?.uploadId ?? '';
      const listed = await env.clients.s3.send(
        new ListObjectsV2Command({ Bucket: bucket(), Prefix: 'outbound/bpjs/' }),
      );
      const key = listed.Contents?.map((o) => o.Key ?? '').find(
        (k) => k.includes(uploads[name] ?? '?') && k.endsWith('.csv'),
      );
      batches[name] = Papa.parse<Record<string, string>>((await text(key ?? '')).replace(/^\uFEFF/, ''), {
        header: true,
        skipEmptyLines: true,
      }).data;
    }
  });
  afterAll(async () => env?.dispose());

  it('applies nothing from a batch lindung never sent, and reports it', async () => {
    const victim = batches.a?.[0]?.NIK ?? '';
    await put('inbound/bpjs/forged-batch.csv', ack([['FORGED-00001', victim, 'DITERIMA']]));
    const report = JSON.parse(await text('reports/bpjs-ack/forged-batch.csv.json'));
    expect(report).toMatchObject({
      enrolled: 0,
      failed: 0,
      unknownBatches: [{ batchId: 'FORGED-00001', answers: 1 }],
    });
    expect(JSON.stringify(report)).not.toContain(victim);
    expect(await statusOf(victim)).toBe('SUBMITTED');
    expect((await env.clients.uploads.get(uploads.a ?? ''))?.status).toBe('AWAITING_BPJS');
  });

  it('applies nothing to a worker of another batch, even naming a real batch, and reports it', async () => {
    const batchB = batches.b?.[0]?.BATCH_ID ?? '';
    const workerOfA = batches.a?.[1]?.NIK ?? '';
    await put('inbound/bpjs/wrong-batch.csv', ack([[batchB, workerOfA, 'DITOLAK']]));
    const report = JSON.parse(await text('reports/bpjs-ack/wrong-batch.csv.json'));
    expect(report).toMatchObject({ enrolled: 0, failed: 0, unknownBatches: [] });
    expect(report.mismatched).toEqual([
      { nik: expect.stringMatching(/^\d{4}\*{10}\d{2}$/), batchId: batchB },
    ]);
    expect(await statusOf(workerOfA)).toBe('SUBMITTED');
    expect((await env.clients.uploads.get(uploads.b ?? ''))?.outcomes?.submitted).toBe(2);
  });

  it('reports an answer without a BATCH_ID as a problem and applies it nowhere', async () => {
    const nik = batches.a?.[2]?.NIK ?? '';
    await put('inbound/bpjs/no-batch.csv', ack([['', nik, 'DITERIMA']]));
    const report = JSON.parse(await text('reports/bpjs-ack/no-batch.csv.json'));
    expect(report.problems).toEqual([{ line: 2, reason: expect.stringContaining('no BATCH_ID') }]);
    expect(await statusOf(nik)).toBe('SUBMITTED');
  });

  it('still applies the genuine answers of each batch', async () => {
    const rows = (batches.a ?? []).map(
      (r) => [r.BATCH_ID ?? '', r.NIK ?? '', 'DITERIMA'] as [string, string, string],
    );
    await put('inbound/bpjs/genuine-a.csv', ack(rows));
    const report = JSON.parse(await text('reports/bpjs-ack/genuine-a.csv.json'));
    expect(report).toMatchObject({ enrolled: 3, mismatched: [], unknownBatches: [] });
    expect((await env.clients.uploads.get(uploads.a ?? ''))?.status).toBe('COMPLETED');
  });
});
