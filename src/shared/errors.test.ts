import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ErrorKind, errorClass, exitCodeFor, httpError, LindungError } from './errors.ts';

describe('one mapping from errors to HTTP', () => {
  it('maps each kind to its status and keeps the bilingual message and stable code', () => {
    const cases = [
      ['invalid', 400],
      ['unauthenticated', 401],
      ['forbidden', 403],
      ['not-found', 404],
      ['conflict', 409],
      ['unavailable', 503],
    ] as const;
    for (const [kind, status] of cases) {
      const mapped = httpError(new LindungError(kind, 'X_CODE', 'pesan', 'message'));
      expect(mapped.status).toBe(status);
      expect(mapped.body).toMatchObject({ code: 'X_CODE', message: 'pesan', messageEn: 'message' });
    }
  });

  it('answers input that does not parse (a zod error) with a 400 naming each field', () => {
    const parsed = z
      .object({ quota: z.number(), year: z.number() })
      .safeParse({ quota: 'banyak', year: 2026 });
    const mapped = httpError(parsed.error);
    expect(mapped.status).toBe(400);
    expect(mapped.body).toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
    expect(mapped.body.message).toMatch(/^Masukan tidak sah: quota: /);
    expect(mapped.body.messageEn).toMatch(/^Invalid input: quota: /);
    expect(exitCodeFor(parsed.error)).toBe(2);
  });

  it('turns anything else into a 500 that reveals nothing of the error', () => {
    const mapped = httpError(new Error('table lindung-workers: secret detail'));
    expect(mapped.status).toBe(500);
    expect(JSON.stringify(mapped.body)).not.toContain('secret');
    expect(mapped.body.code).toBe('INTERNAL');
  });

  it('says whether trying again may help', () => {
    expect(new LindungError('unavailable', 'BUSY', 'sibuk', 'busy').retryable).toBe(true);
    expect(new LindungError('invalid', 'BAD', 'salah', 'bad').retryable).toBe(false);
    expect(new LindungError('conflict', 'DONE', 'selesai', 'done', { retryable: false }).retryable).toBe(
      false,
    );
  });
});

describe('one mapping from errors to CLI exit codes', () => {
  it('keeps the process contract (1 internal, 2 rejected input) and gives each other kind its own code', () => {
    const code = (kind: ErrorKind) => exitCodeFor(new LindungError(kind, 'X', 'x', 'x'));
    expect(code('internal')).toBe(1);
    expect(code('invalid')).toBe(2);
    expect(code('not-found')).toBe(3);
    expect(code('conflict')).toBe(4);
    expect(code('forbidden')).toBe(5);
    expect(code('unauthenticated')).toBe(5);
    expect(code('unavailable')).toBe(6);
    expect(exitCodeFor(new TypeError('x is undefined'))).toBe(1);
    expect(exitCodeFor('a string')).toBe(1);
  });
});

describe('domain error classes', () => {
  class SampleError extends errorClass('SampleError', {
    code: 'SAMPLE',
    kind: 'not-found',
    retryable: false,
  }) {}

  it('carry the declared name (the Step Functions error name), code, kind and retryable flag', () => {
    const error = new SampleError('contoh hilang', 'sample missing', { cause: new Error('root') });
    expect(error).toBeInstanceOf(LindungError);
    expect(error).toMatchObject({
      name: 'SampleError',
      code: 'SAMPLE',
      kind: 'not-found',
      retryable: false,
      message: 'contoh hilang',
      messageEn: 'sample missing',
    });
    expect((error.cause as Error).message).toBe('root');
    expect(String(error.stack)).toMatch(/^SampleError: contoh hilang/);
    expect([SampleError.errorName, SampleError.code, SampleError.retryable]).toEqual([
      'SampleError',
      'SAMPLE',
      false,
    ]);
    expect(httpError(error)).toMatchObject({ status: 404, body: { code: 'SAMPLE', retryable: false } });
    expect(exitCodeFor(error)).toBe(3);
  });
});
