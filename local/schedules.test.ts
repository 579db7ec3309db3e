import { describe, expect, it } from 'vitest';
import { startSchedules } from './schedules.ts';

describe('local schedules (the EventBridge Scheduler schedules of the deployment)', () => {
  it('run the weekly report on Mondays and the monthly on the 1st, at 07:00 Asia/Makassar (23:00 UTC the day before)', async () => {
    const calls: unknown[] = [];
    const { schedules, stop } = startSchedules(async (fn, input) => calls.push({ fn, input }));
    try {
      const next = (name: string, from: string) =>
        schedules
          .find((s) => s.name === name)
          ?.job.nextRun(new Date(from))
          ?.toISOString();
      expect(next('periodic-report-weekly', '2026-11-25T00:00:00Z')).toBe('2026-11-29T23:00:00.000Z');
      expect(next('periodic-report-monthly', '2026-11-25T00:00:00Z')).toBe('2026-11-30T23:00:00.000Z');
      // What a schedule does when it fires: the report function, with the AWS schedule's input.
      await schedules.find((s) => s.name === 'periodic-report-weekly')?.job.trigger();
      expect(calls).toEqual([{ fn: 'send-periodic-report', input: { kind: 'weekly' } }]);
    } finally {
      await stop();
    }
  });
});
