import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FailedInvocationRecord, S3Notifications } from './s3-notifications.ts';

const raw = (key: string) => ({
  Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key, size: 3 } } }],
});

describe('S3Notifications', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('hands an event whose attempts are spent to the onFailure destination, then keeps it in failed/', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lindung-events-'));
    const failures: FailedInvocationRecord[] = [];
    let attempts = 0;
    const notifications = new S3Notifications({
      dir,
      region: 'ap-southeast-3',
      attempts: 2,
      rules: [
        {
          prefix: 'uploads/',
          deliver: async () => {
            attempts += 1;
            throw new RangeError('Invalid string length');
          },
          onFailure: async (record) => {
            failures.push(record);
          },
        },
      ],
    });
    notifications.onObjectEvent(raw('uploads/desa/6408042001/daftar pekerja.csv'));
    await notifications.idle();
    expect(attempts).toBe(2);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 2 },
      responsePayload: { errorType: 'RangeError', errorMessage: 'Invalid string length' },
    });
    expect(failures[0]?.requestPayload.Records[0]?.s3.object.key).toBe(
      'uploads/desa/6408042001/daftar+pekerja.csv',
    );
    expect(readdirSync(join(dir, 'failed'))).toHaveLength(1);
    expect(readdirSync(join(dir, 'pending'))).toHaveLength(0);
  }, 20_000);

  it('does not call onFailure when a retry succeeds', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lindung-events-'));
    let attempts = 0;
    let failed = false;
    const notifications = new S3Notifications({
      dir,
      region: 'ap-southeast-3',
      rules: [
        {
          prefix: 'uploads/',
          deliver: async () => {
            attempts += 1;
            if (attempts === 1) throw new Error('transient');
          },
          onFailure: async () => {
            failed = true;
          },
        },
      ],
    });
    notifications.onObjectEvent(raw('uploads/agency/disnakertrans/a.csv'));
    await notifications.idle();
    expect(failed).toBe(false);
    expect(existsSync(join(dir, 'failed')) && readdirSync(join(dir, 'failed'))).toEqual([]);
  }, 20_000);
});
