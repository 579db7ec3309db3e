/**
 * A programme that needs an administrator's approval: an upload's valid workers get their places but go to BPJS
 * only after `lindung approve`; approving twice enrolls nobody twice; an upload that needs no approval is refused.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaDepsFor } from '../../src/cli/quota-ops.ts';
import { uploadWorkers } from '../../src/cli/upload-workers.ts';
import type { QuotaDeps } from '../../src/quota/context.ts';
import { setProgramme } from '../../src/quota/programme.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import type { Upload } from '../../src/uploads/model.ts';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

process.env.LINDUNG_BPJS_GATEWAY ??= 'simulator';
const run = promisify(execFile);

describe('enrollment held for an administrator’s approval', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  let deps: QuotaDeps;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    env = await freshStack();
    deps = quotaDepsFor(env.clients);
    await setProgramme(deps, regencyConfig, { requiresApproval: true }, { year, by: 'test' });
  });
  afterAll(async () => env?.dispose());

  async function put(key: string, body: string): Promise<Upload> {
    await env.clients.s3.send(
      new PutObjectCommand({ Bucket: env.clients.info.bucket, Key: key, Body: body }),
    );
    await env.stack.idle();
    const upload = (await env.clients.uploads.listRecent(100)).find((u) => u.objectKey === key);
    if (!upload) throw new Error(`no upload for ${key}`);
    return upload;
  }

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const out = await run(
        process.execPath,
        ['bin/lindung.mjs', ...args, '--data-dir', env.clients.info.dataDir],
        {
          cwd: new URL('../../', import.meta.url).pathname,
        },
      );
      return { code: 0, ...out };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  const workersOf = (uploadId: string) => uploadWorkers(env.clients, uploadId);

  it('holds the places and sends nobody to BPJS until approved, then enrolls them once', async () => {
    const before = (await deps.programmes.get({ regency: '6408', year }))?.used ?? 0;
    const upload = await put('uploads/desa/6408042001/perlu-persetujuan.csv', toCsv(validWorkers(8)));
    expect(upload.status).toBe('AWAITING_APPROVAL');
    expect(upload.outcomes).toMatchObject({ reserved: 8, enrolled: 0, submitted: 0 });
    expect((await workersOf(upload.uploadId)).map((w) => w.status)).toEqual(Array(8).fill('RESERVED'));
    expect((await deps.programmes.get({ regency: '6408', year }))?.used).toBe(before + 8);

    const listed = JSON.parse((await cli('approve', '--json')).stdout) as Array<{
      uploadId: string;
      reserved: number;
    }>;
    expect(listed).toEqual([expect.objectContaining({ uploadId: upload.uploadId, reserved: 8 })]);

    const approved = await cli('approve', upload.uploadId, '--by', 'kabid-jamsos', '--json');
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({
      approvedNow: true,
      approval: { by: 'cli:kabid-jamsos' },
      summary: { status: 'COMPLETED', enrolled: 8, reserved: 0, rows: 8 },
    });
    const enrolled = await workersOf(upload.uploadId);
    expect(enrolled.map((w) => w.status)).toEqual(Array(8).fill('ENROLLED'));
    const kpjs = enrolled.map((w) => w.kpj).sort();
    expect(new Set(kpjs).size).toBe(8);

    // Approving again changes nothing: same participants, no second registration.
    const again = await cli('approve', upload.uploadId, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({
      approvedNow: false,
      summary: { status: 'COMPLETED', enrolled: 8 },
    });
    expect((await workersOf(upload.uploadId)).map((w) => w.kpj).sort()).toEqual(kpjs);
    expect((await deps.programmes.get({ regency: '6408', year }))?.used).toBe(before + 8);
    expect((await cli('approve', '--json')).stdout.trim()).toBe('[]');
  });

  it('refuses to approve an upload that needs no approval', async () => {
    await setProgramme(deps, regencyConfig, { requiresApproval: false }, { year, by: 'test' });
    const upload = await put(
      'uploads/desa/6408042001/tanpa-persetujuan.csv',
      toCsv(validWorkers(3, { firstSerial: 300 })),
    );
    expect(upload.status).toBe('COMPLETED');
    expect(upload.outcomes).toMatchObject({ enrolled: 3, reserved: 0 });
    const refused = await cli('approve', upload.uploadId);
    expect(refused.code).toBe(4); // refused by the upload's state (README, exit codes)
    expect(refused.stderr).toContain('tidak memerlukan persetujuan');
  });
});
