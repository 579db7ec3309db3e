/**
 * `npm run bench -- programme-item`: the programme item stays small whatever runs against it (issue #9).
 * 1. Ten concurrent 150,000-row uploads' worth of chunk reservations (BENCH_CHUNKS, default 2,880) against the
 *    local DynamoDB, with the real adapters and reserveChunk.
 * 2. An upload of BENCH_REJECTED (default 5,000) workers whom BPJS refuses (NIK serials 9990–9999), then a
 *    normal upload of 40: every place given back, the normal upload COMPLETED.
 * The item's size (DynamoDB's rules) is sampled all along; the largest is printed next to the 400 KB limit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import pMap from 'p-map';
import { startLocalStack } from '../local/stack.ts';
import { quotaDepsFor } from '../src/cli/quota-ops.ts';
import { clientsFor } from '../src/cli/stack-client.ts';
import { type ProgrammeKey, programmeId } from '../src/quota/model.ts';
import { setProgramme } from '../src/quota/programme.ts';
import { reserveChunk } from '../src/quota/reserve.ts';
import { regencyConfig } from '../src/shared/regency-config.ts';
import { encodeNik } from '../src/validation/nik.ts';
import { toCsv, validWorkers } from '../test/support/worker-rows.ts';
import { itemSize } from './cost/meter.ts';

export async function run(): Promise<void> {
  const chunks = Number(process.env.BENCH_CHUNKS ?? 2_880);
  const rejected = Number(process.env.BENCH_REJECTED ?? 5_000);
  process.env.LINDUNG_BPJS_GATEWAY = 'simulator';
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const dataDir = mkdtempSync(join(tmpdir(), 'lindung-item-'));
  const stack = await startLocalStack({ dataDir, basePort: 0 });
  const clients = clientsFor(stack.info);
  const raw = new DynamoDBClient({
    endpoint: stack.info.dynamodb,
    region: stack.info.region,
    credentials: stack.info,
  });
  try {
    const deps = quotaDepsFor(clients);
    const year = new Date().getUTCFullYear();
    const { state } = await setProgramme(
      deps,
      regencyConfig,
      { quota: 150_000, monthlyPremium: 16_800, budgetCeiling: null },
      { year, by: 'bench' },
    );
    const key: ProgrammeKey = { regency: state.regency, year: state.year };
    let largest = 0;
    const size = async () => {
      const out = await raw.send(
        new GetItemCommand({
          TableName: stack.info.tables.programmes,
          Key: { pk: { S: programmeId(key) }, sk: { S: 'META' } },
          ConsistentRead: true,
        }),
      );
      const bytes = itemSize(out.Item);
      largest = Math.max(largest, bytes);
      return bytes;
    };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await size();
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    // 1. Chunk reservations, ten at a time, five rows each across the regency's kecamatan.
    let started = Date.now();
    const kecamatan = ['640801', '640802', '640804', '640805'];
    await pMap(
      Array.from({ length: chunks }, (_, i) => i + 1),
      (chunk) =>
        reserveChunk(
          deps,
          key,
          { uploadId: `bench-${Math.ceil(chunk / 288)}`, chunk },
          Array.from({ length: 5 }, (_, r) => ({
            row: r + 2,
            nikHash: `h-${chunk}-${r}`,
            desa: `${kecamatan[(chunk + r) % kecamatan.length]}2001`,
          })),
          'bench',
        ),
      { concurrency: 10 },
    );
    const afterReservations = await deps.programmes.get(key);
    console.log(
      `${chunks} chunk reservations in ${((Date.now() - started) / 1000).toFixed(1)} s: used ${afterReservations?.used}, ` +
        `item now ${await size()} B, largest ${largest} B, ops on it ${Object.keys(afterReservations?.ops ?? {}).length}`,
    );

    // 2. Every worker refused by BPJS, then a normal upload.
    const usedBefore = afterReservations?.used ?? 0;
    started = Date.now();
    const refused = Array.from({ length: rejected }, (_, i) => {
      const w = validWorkers(1, { desa: '6408042001', firstSerial: 1 })[0];
      if (!w) throw new Error('no worker');
      const birthDate = {
        year: 1970 + (Math.floor(i / 10) % 30),
        month: 1 + (Math.floor(i / 300) % 12),
        day: 1 + (Math.floor(i / 3600) % 28),
      };
      const gender = 'L' as const;
      return {
        ...w,
        nik: encodeNik({ kecamatan: '640804', birthDate, gender, serial: 9990 + (i % 10) }),
        tanggalLahir: `${String(birthDate.day).padStart(2, '0')}-${String(birthDate.month).padStart(2, '0')}-${birthDate.year}`,
        jenisKelamin: gender,
      };
    });
    const put = async (key: string, body: string) => {
      await clients.s3.send(new PutObjectCommand({ Bucket: stack.info.bucket, Key: key, Body: body }));
      await stack.idle();
      const upload = (await clients.uploads.listRecent(20)).find((u) => u.objectKey === key);
      if (!upload) throw new Error(`no upload for ${key}`);
      return upload;
    };
    const bad = await put('uploads/desa/6408042001/ditolak-bpjs.csv', toCsv(refused));
    const afterRefused = await deps.programmes.get(key);
    console.log(
      `${rejected} refused by BPJS in ${((Date.now() - started) / 1000).toFixed(1)} s: upload ${bad.status}, ` +
        `rejected ${bad.rejected}, failed ${bad.outcomes?.failed}; used ${afterRefused?.used} (before ${usedBefore}: ` +
        `${(afterRefused?.used ?? 0) - usedBefore} places not given back), largest item ${largest} B`,
    );
    const good = await put(
      'uploads/desa/6408012001/normal.csv',
      toCsv(validWorkers(40, { desa: '6408012001', firstSerial: 300 })),
    );
    sampling = false;
    await sampler;
    const end = await deps.programmes.get(key);
    console.log(
      `normal upload: ${good.status}, enrolled ${good.outcomes?.enrolled}; used ${end?.used} ` +
        `(= before + 40: ${(end?.used ?? 0) === usedBefore + 40}); programme item at most ${largest} B ` +
        `(${(largest / 1024).toFixed(1)} KB; limit 400 KB, goal < 100 KB)`,
    );
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
