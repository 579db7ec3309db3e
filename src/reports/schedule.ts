/**
 * When the periodic reports run, from the regency configuration (config/<regency>.json → reports): the same
 * settings give the cron pattern of the local stack (croner, time-zone aware) and the EventBridge Scheduler
 * expression in AWS (with ScheduleExpressionTimezone).
 */
import type { RegencyConfig } from '../shared/regency-config.ts';
import { RegencyConfigError } from '../shared/regency-config-error.ts';
import type { PeriodKind } from './period.ts';

export type ReportSettings = NonNullable<RegencyConfig['reports']>;

export interface ReportSchedule {
  kind: PeriodKind;
  timeZone: string;
  /** Five-field cron for croner: `0 7 * * MON`. */
  cron: string;
  /** EventBridge Scheduler fields (minute, hour, day of month, month, day of week). */
  eventBridge: { minute: string; hour: string; day?: string; weekDay?: string };
  recipients: string[];
}

export function reportSchedules(settings: ReportSettings): ReportSchedule[] {
  const hm = (time: string) => {
    const [hour = '0', minute = '0'] = time.split(':');
    return { hour: String(Number(hour)), minute: String(Number(minute)) };
  };
  const w = hm(settings.weekly.time);
  const m = hm(settings.monthly.time);
  return [
    {
      kind: 'weekly',
      timeZone: settings.timeZone,
      cron: `${w.minute} ${w.hour} * * ${settings.weekly.day}`,
      eventBridge: { ...w, weekDay: settings.weekly.day },
      recipients: settings.weekly.recipients,
    },
    {
      kind: 'monthly',
      timeZone: settings.timeZone,
      cron: `${m.minute} ${m.hour} ${settings.monthly.day} * *`,
      eventBridge: { ...m, day: String(settings.monthly.day) },
      recipients: settings.monthly.recipients,
    },
  ];
}

export function reportSettingsOf(config: RegencyConfig): ReportSettings {
  if (!config.reports)
    throw new RegencyConfigError(
      config.regency.name,
      'tidak ada pengaturan "reports"',
      'no "reports" settings',
    );
  return config.reports;
}
