import { afterEach, describe, expect, it } from 'vitest';
import type { StackInfo } from '../../local/stack.ts';
import { SettingsError } from '../shared/errors.ts';
import { clientConfig, sdkClientOptions } from './client-options.ts';
import { env, requireEnv, senders } from './env.ts';
import { stateMachine } from './runtime.ts';
import { stackRuntime } from './stack-runtime.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe('composition root', () => {
  it('names the variable a function needs and lacks, at its first use', () => {
    delete process.env.EMPLOYERS_TABLE;
    process.env.UPLOADS_TABLE = 'lindung-uploads';
    expect(requireEnv('UPLOADS_TABLE').UPLOADS_TABLE).toBe('lindung-uploads');
    let missing: unknown;
    try {
      requireEnv('UPLOADS_TABLE', 'EMPLOYERS_TABLE');
    } catch (error) {
      missing = error;
    }
    expect(missing).toBeInstanceOf(SettingsError);
    expect(missing).toMatchObject({
      code: 'SETTINGS',
      message: 'Variabel lingkungan EMPLOYERS_TABLE belum diisi',
      messageEn: 'EMPLOYERS_TABLE is not set',
    });
  });

  it('reads the BPJS gateway settings in the same schema: a wrong one is named before any batch goes out', () => {
    process.env.LINDUNG_BPJS_GATEWAY = 'simulator';
    process.env.LINDUNG_BPJS_FAILURE_RATE = '0.25';
    process.env.LINDUNG_BPJS_FAILURE_SEED = '7';
    expect(env()).toMatchObject({ LINDUNG_BPJS_FAILURE_RATE: 0.25, LINDUNG_BPJS_FAILURE_SEED: 7 });
    process.env.LINDUNG_BPJS_FAILURE_RATE = '30%';
    expect(() => env()).toThrow(SettingsError);
    expect(() => env()).toThrow(/LINDUNG_BPJS_FAILURE_RATE/);
    process.env.LINDUNG_BPJS_FAILURE_RATE = '0';
    process.env.LINDUNG_BPJS_GATEWAY = 'email';
    expect(() => env()).toThrow(/LINDUNG_BPJS_GATEWAY/);
    delete process.env.LINDUNG_BPJS_GATEWAY;
    process.env.LINDUNG_BPJS_FAILURE_SEED = '';
    expect(env()).toMatchObject({
      LINDUNG_BPJS_GATEWAY: 'file-exchange',
      LINDUNG_BPJS_FAILURE_SEED: undefined,
    });
  });

  it('refuses a malformed value with the variable’s name, and defaults the rest', () => {
    process.env.LINDUNG_CHUNK_SIZE = 'lots';
    expect(() => env()).toThrow(/LINDUNG_CHUNK_SIZE/);
    delete process.env.LINDUNG_CHUNK_SIZE;
    delete process.env.LINDUNG_MAIL_FROM;
    delete process.env.LINDUNG_REPORT_FROM;
    expect(env().LINDUNG_MAX_FILE_BYTES).toBe(100 * 1024 * 1024);
    expect(senders().reports).toBe(senders().alerts);
  });

  it('builds every client with the shared options, and a stack’s clients against its endpoints', async () => {
    sdkClientOptions.maxAttempts = 7;
    try {
      expect(clientConfig({ region: 'r', endpoints: { ses: 'http://127.0.0.1:9' } }, 'ses')).toEqual({
        maxAttempts: 7,
        region: 'r',
        endpoint: 'http://127.0.0.1:9',
      });
    } finally {
      delete sdkClientOptions.maxAttempts;
    }
    const info = {
      s3: 'http://127.0.0.1:1',
      dynamodb: 'http://127.0.0.1:2',
      stepfunctions: 'http://127.0.0.1:3',
      ses: 'http://127.0.0.1:4',
      cognito: 'http://127.0.0.1:5',
      region: 'ap-southeast-3',
      accessKeyId: 'k',
      secretAccessKey: 's',
      bucket: 'b',
      tables: { uploads: 'u', workers: 'w', programmes: 'p', employers: 'e', access: 'a' },
      stateMachines: { enrollment: 'arn:enrollment' },
      dataDir: '/nonexistent',
    } as unknown as StackInfo;
    const rt = stackRuntime(info);
    const endpoint = await rt.dynamo.config.endpoint?.();
    expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe('http://127.0.0.1:2');
    expect(await rt.s3.config.forcePathStyle).toBe(true);
    expect(rt.tables.uploads).toBe('u');
    expect(stateMachine(rt, 'enrollment')).toBe('arn:enrollment');
    expect(() => stateMachine(rt, 'employerNotification')).toThrow(
      'EMPLOYER_NOTIFICATION_STATE_MACHINE_ARN is not set',
    );
  });
});
