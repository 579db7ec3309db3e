import { describe, expect, it } from 'vitest';
import { recordedStep, type StepRecord } from './steps.ts';

function log() {
  const records: StepRecord[] = [];
  return { records, record: async (r: StepRecord) => void records.push(r), list: async () => records };
}
const clock = (...isos: string[]) => {
  const times = isos.map((t) => new Date(t));
  return () => times.shift() ?? new Date(0);
};

describe('a run’s step timeline', () => {
  it('records start, end and duration of a step that succeeds', async () => {
    const l = log();
    const result = await recordedStep(
      l,
      { uploadId: 'u1', step: 'enroll-workers', chunk: 2 },
      async () => 42,
      clock('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.250Z'),
    );
    expect(result).toBe(42);
    expect(l.records).toEqual([
      {
        uploadId: 'u1',
        step: 'enroll-workers',
        chunk: 2,
        startedAt: '2026-01-01T00:00:00.000Z',
        endedAt: '2026-01-01T00:00:01.250Z',
        durationMs: 1250,
        status: 'SUCCEEDED',
      },
    ]);
  });

  it('records the failure cause of a step that throws, and rethrows the error for the workflow’s Retry/Catch', async () => {
    const l = log();
    const failing = recordedStep(l, { uploadId: 'u1', step: 'reserve-quota' }, async () => {
      throw new TypeError('programme missing');
    });
    await expect(failing).rejects.toThrow('programme missing');
    expect(l.records[0]).toMatchObject({ status: 'FAILED', cause: 'TypeError: programme missing' });
  });
});
