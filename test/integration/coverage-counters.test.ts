/**
 * Coverage counters on the local stack: after uploads with every kind of outcome, the per-desa counters equal
 * the uploads' own outcome counts, read with one query per programme; repeating the closing step changes
 * nothing; the day's changes add up to the same.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoCoverageCounters } from '../../src/adapters/dynamo-coverage-counters.ts';
import { quotaDepsFor } from '../../src/cli/quota-ops.ts';
import { stackNikHasher } from '../../src/composition/stack-runtime.ts';
import { workerRepository } from '../../src/composition/stores.ts';
import { regencyDay } from '../../src/coverage/rollup.ts';
import { finalizeUpload } from '../../src/enrollment/finalize-upload.ts';
import { refreshWorkerUpload } from '../../src/enrollment/refresh-upload.ts';
import { type ProgrammeKey, parseProgrammeId } from '../../src/quota/model.ts';
import { setProgramme } from '../../src/quota/programme.ts';
import { exitWorker } from '../../src/quota/release.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import type { Upload } from '../../src/uploads/model.ts';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

process.env.LINDUNG_CHUNK_SIZE = '4';
process.env.LINDUNG_BPJS_GATEWAY = 'simulator';

const A = '6408042001';
const B = '6408012001';

describe('coverage counters kept by the pipeline', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  let programme: ProgrammeKey;
  const counters = () => dynamoCoverageCounters(env.clients.dynamo, env.clients.info.tables.programmes);
  const put = async (key: string, body: string): Promise<Upload> => {
    await env.clients.s3.send(
      new PutObjectCommand({ Bucket: env.clients.info.bucket, Key: key, Body: body }),
    );
    await env.stack.idle();
    const upload = (await env.clients.uploads.listRecent(50)).find((u) => u.objectKey === key);
    if (!upload) throw new Error(`no upload for ${key}`);
    return upload;
  };

  beforeAll(async () => {
    env = await freshStack();
    const { state } = await setProgramme(
      quotaDepsFor(env.clients),
      regencyConfig,
      { quota: 9, monthlyPremium: 16_800, budgetCeiling: null },
      { year: new Date().getUTCFullYear(), by: 'test' },
    );
    programme = { regency: state.regency, year: state.year };
  });
  afterAll(async () => env?.dispose());

  it('equal the outcome counts of every upload, per desa, after every kind of outcome', async () => {
    // Desa A: 8 valid (one with an employer), 2 that BPJS rejects (serials 9990, 9991), 2 rejected rows.
    const a = validWorkers(8, { desa: A });
    const employed = a[7];
    if (employed) employed.pemberiKerja = 'PT Kaltim Prima Coal';
    const rejectedByBpjs = validWorkers(2, { desa: A, firstSerial: 9989 });
    const broken = validWorkers(2, { desa: A, firstSerial: 500 }).map((w) => ({ ...w, nik: '640804' }));
    const first = await put(`uploads/desa/${A}/satu.csv`, toCsv([...a, ...rejectedByBpjs, ...broken]));
    expect(first.status).toBe('COMPLETED');
    expect(first.programme).toBe(`PROGRAMME#${programme.regency}#${programme.year}`);
    expect(parseProgrammeId(first.programme ?? '')).toEqual(programme);
    expect(first.rejected).toBe(2);
    expect(first.outcomes).toMatchObject({ referred: 1, enrolled: 7, failed: 2, waitlisted: 0 });

    // An agency: 3 workers of A again (duplicates), 4 new ones of B: 2 places left (9 − 7 enrolled), 2 wait.
    const second = await put(
      'uploads/agency/disnakertrans/dua.csv',
      toCsv([...a.slice(0, 3), ...validWorkers(4, { desa: B, firstSerial: 700 })]),
    );
    expect(second.status).toBe('COMPLETED');
    expect(second.outcomes).toMatchObject({ duplicates: 3, enrolled: 2, waitlisted: 2 });

    const snapshot = await counters().snapshot(programme);
    const byDesa = Object.fromEntries(snapshot.byDesa.map((d) => [d.desa, d]));
    expect(byDesa[A]).toMatchObject({
      kecamatan: '640804',
      uploads: 2,
      rows: 15,
      rejected: 2,
      duplicates: 3,
      referred: 1,
      enrolled: 7,
      failed: 2,
      waitlisted: 0,
      reserved: 0,
      submitted: 0,
      lastUploadAt: second.createdAt,
    });
    // The duplicates count where the row says the worker lives (desa A's workers listed again by the agency).
    expect(byDesa[B]).toMatchObject({ uploads: 1, rows: 4, enrolled: 2, waitlisted: 2, duplicates: 0 });
    expect(snapshot.total).toMatchObject({
      uploads: 3,
      rows: first.rows + second.rows,
      rejected: 2,
      duplicates: 3,
      referred: 1,
      enrolled: 9,
      failed: 2,
      waitlisted: 2,
      reserved: 0,
      submitted: 0,
      exited: 0,
    });
    const outcomeSum = (u: Upload) => u.rejected + Object.values(u.outcomes ?? {}).reduce((n, v) => n + v, 0);
    const t = snapshot.total;
    expect(t.rejected + t.duplicates + t.referred + t.enrolled + t.failed + t.waitlisted).toBe(
      outcomeSum(first) + outcomeSum(second),
    );

    // The closing step again (a retried task, a second acknowledgement file): the counters stay as they are.
    await finalizeUpload(
      {
        uploads: env.clients.uploads,
        now: () => new Date(),
        counters: { writer: counters(), programmeOf: async () => programme, timeZone: 'Asia/Makassar' },
      },
      { uploadId: first.uploadId },
    );
    expect(await counters().snapshot(programme)).toEqual(snapshot);

    // Today's changes are the same totals (everything happened today).
    const today = regencyDay(new Date(), 'Asia/Makassar');
    const days = await counters().daily(programme, today, today);
    expect(days).toEqual([{ date: today, ...snapshot.total }]);

    // A covered worker leaves the programme: exited +1, enrolled −1 in desa A, the day's change too.
    const hash = stackNikHasher(env.clients.info);
    const leaving = a[0];
    if (!leaving) throw new Error('no worker');
    const quota = quotaDepsFor(env.clients);
    await exitWorker(quota, hash(leaving.nik), { reason: 'pindah domisili', by: 'test' });
    const profile = await quota.workers.get(hash(leaving.nik));
    if (!profile) throw new Error('worker gone');
    await refreshWorkerUpload(
      {
        uploads: env.clients.uploads,
        storage: env.clients.storage,
        workers: workerRepository(env.clients),
        hash,
        now: () => new Date(),
        counters: { writer: counters(), programmeOf: async () => programme, timeZone: 'Asia/Makassar' },
      },
      profile,
    );
    const after = await counters().snapshot(programme);
    expect(after.byDesa.find((d) => d.desa === A)).toMatchObject({ enrolled: 6, exited: 1 });
    expect(after.total).toEqual({ ...snapshot.total, enrolled: 8, exited: 1 });
    expect(await counters().daily(programme, today, today)).toEqual([{ date: today, ...after.total }]);
    expect(await counters().daily(programme, '2000-01-01', '2000-12-31')).toEqual([]);
  });
});
