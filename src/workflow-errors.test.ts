import { describe, expect, it } from 'vitest';
import { BpjsPermanentError, BpjsTransientError } from './enrollment/bpjs/gateway.ts';
import { NoProgrammeError } from './enrollment/reserve-quota.ts';
import { QuotaContentionError } from './quota/ops.ts';
import { UploadNotFoundError } from './uploads/errors.ts';
import { PERMANENT_ERROR_NAMES, WORKFLOW_ERROR_TYPES } from './workflow-errors.ts';

describe('the Step Functions names of the taxonomy', () => {
  it('names each error type once, and a thrown error by its type’s name (what Lambda reports as errorType)', () => {
    const names = WORKFLOW_ERROR_TYPES.map((t) => t.errorName);
    expect(new Set(names).size).toBe(names.length);
    const thrown = [
      new BpjsPermanentError('ditolak', 'refused'),
      new BpjsTransientError('sibuk', 'busy'),
      new NoProgrammeError('6408', '2026-01-05'),
      new UploadNotFoundError('u1'),
      new QuotaContentionError('berubah', 'changing'),
    ];
    expect(thrown.map((e) => e.name)).toEqual([
      'BpjsPermanentError',
      'BpjsTransientError',
      'NoProgrammeError',
      'UploadNotFoundError',
      'QuotaContentionError',
    ]);
    for (const e of thrown) expect(names).toContain(e.name);
  });

  it('derives the permanent names from the retryable flag: a retry cannot fix exactly these', () => {
    expect(PERMANENT_ERROR_NAMES).toEqual(
      WORKFLOW_ERROR_TYPES.filter((t) => !t.retryable).map((t) => t.errorName),
    );
    expect(PERMANENT_ERROR_NAMES).toEqual(
      expect.arrayContaining(['BpjsPermanentError', 'NoProgrammeError', 'UploadNotFoundError']),
    );
    expect(PERMANENT_ERROR_NAMES).not.toContain('BpjsTransientError');
    expect(PERMANENT_ERROR_NAMES).not.toContain('QuotaContentionError');
  });
});
