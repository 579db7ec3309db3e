/**
 * The EventBridge Scheduler schedules of the deployment, inside the local stack: the periodic reports at the
 * times and in the time zone of the regency configuration (croner understands time zones), invoking the same
 * handler with the same input as the AWS schedule (infra/constructs/periodic-reports.ts).
 */
import { Cron } from 'croner';
import { reportSchedules, reportSettingsOf } from '../src/reports/schedule.ts';
import { regencyConfig } from '../src/shared/regency-config.ts';
import { invokeLocal } from './lambda-runtime.ts';

export interface LocalSchedule {
  name: string;
  job: Cron;
}

/** Starts the schedules; the returned function stops them (the stack calls it on stop). */
export function startSchedules(
  invoke: (fn: string, input: unknown) => Promise<unknown> = invokeLocal,
  onError: (name: string, error: unknown) => void = (name, error) =>
    console.error(`schedule ${name}: ${(error as Error).message}`),
): { schedules: LocalSchedule[]; stop: () => Promise<void> } {
  const schedules = regencyConfig.reports
    ? reportSchedules(reportSettingsOf(regencyConfig)).map((s) => {
        const name = `periodic-report-${s.kind}`;
        const job = new Cron(s.cron, { timezone: s.timeZone, protect: true, name }, async () => {
          try {
            await invoke('send-periodic-report', { kind: s.kind });
          } catch (error) {
            onError(name, error);
          }
        });
        return { name, job };
      })
    : [];
  return {
    schedules,
    stop: async () => {
      for (const s of schedules) s.job.stop();
    },
  };
}
