import { describe, expect, it } from 'vitest';
import { httpError, LindungError } from './errors.ts';

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
