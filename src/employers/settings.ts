import { z } from 'zod';
import { SettingsError } from '../shared/errors.ts';
import { type RegencyConfig, regencyTimeZone } from '../shared/regency-config.ts';

/**
 * Employer-notification settings. The regency configuration (config/<regency>.json) is shared and read
 * only; what employer notification needs beyond it comes from the environment (CDK sets the same names).
 */
export interface NotificationSettings {
  /** No second notice to the same employer within this many days (workers referred meanwhile wait). */
  windowDays: number;
  /** Notices a worker may be listed in without being registered before Disnakertrans gets an escalation. */
  maxUnansweredNotices: number;
  /** Days the employer is given to register the workers ("paling lambat"). */
  responseDays: number;
  /** At most one digest of unknown employers per this many hours. */
  digestIntervalHours: number;
  /** Disnakertrans: copy of every notice, escalations, the digest; replies go there too. */
  disnakertrans: { name: string; emails: string[] };
  regencyName: string;
  /** Dates in letters are written in this time zone (the regency's `reports.timeZone`, or LINDUNG_TIME_ZONE). */
  timeZone: string;
}

const emails = z
  .string()
  .transform((s) => s.split(/[;,\s]+/).filter((e) => e.length > 0))
  .pipe(z.array(z.string().email()).min(1));

const envSchema = z.object({
  LINDUNG_NOTICE_WINDOW_DAYS: z.coerce.number().positive().default(14),
  LINDUNG_MAX_UNANSWERED_NOTICES: z.coerce.number().int().positive().default(2),
  LINDUNG_NOTICE_RESPONSE_DAYS: z.coerce.number().int().positive().optional(),
  LINDUNG_DIGEST_INTERVAL_HOURS: z.coerce.number().positive().default(24),
  DISNAKERTRANS_EMAILS: emails.optional(),
  LINDUNG_TIME_ZONE: z.string().optional(),
});

export function notificationSettings(
  env: Record<string, string | undefined>,
  regency: RegencyConfig,
): NotificationSettings {
  const e = envSchema.parse(env);
  const agency = regency.agencies.find((a) => a.id === 'disnakertrans');
  return {
    windowDays: e.LINDUNG_NOTICE_WINDOW_DAYS,
    maxUnansweredNotices: e.LINDUNG_MAX_UNANSWERED_NOTICES,
    responseDays: e.LINDUNG_NOTICE_RESPONSE_DAYS ?? Math.ceil(e.LINDUNG_NOTICE_WINDOW_DAYS),
    digestIntervalHours: e.LINDUNG_DIGEST_INTERVAL_HOURS,
    disnakertrans: {
      name: `${agency?.name ?? 'Dinas Tenaga Kerja dan Transmigrasi'} ${regency.regency.name}`,
      // The regency's programme administrators sit at Disnakertrans unless told otherwise.
      emails: e.DISNAKERTRANS_EMAILS ?? regency.administrators,
    },
    regencyName: regency.regency.name,
    timeZone: e.LINDUNG_TIME_ZONE ?? regencyTimeZone(regency),
  };
}

const DAY = 86_400_000;

export const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();
export const addHours = (iso: string, hours: number) =>
  new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

/**
 * The latest time the previous digest may have been sent for a digest to be due at `now`. An interval that
 * divides a day is a period aligned to local midnight in `timeZone`: the 24-hour digest goes out once per
 * local calendar day, whatever time yesterday's went out. (A rolling "24 hours since the last one" skipped
 * the day whenever today's daily run started a moment earlier in the day than yesterday's, and a digest sent
 * by an afternoon upload's run pushed the next one past the next morning's run.) Longer or odd intervals
 * stay rolling.
 */
export function digestDueAfter(now: string, intervalHours: number, timeZone: string): string {
  const period = intervalHours * 3_600_000;
  if (!Number.isInteger(DAY / period)) return addHours(now, -intervalHours);
  const t = Date.parse(now);
  const offset = zoneOffsetMs(t, timeZone);
  const periodStart = Math.floor((t + offset) / period) * period - offset;
  return new Date(periodStart - 1).toISOString();
}

/** Local wall-clock time minus UTC at instant `t`, in ms (e.g. +8 h in WITA). */
function zoneOffsetMs(t: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(t))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - (t - (t % 1000));
}

/** "Now" for a run: the real clock shifted by LINDUNG_CLOCK_OFFSET_DAYS (tests and rehearsals only). */
export function clockFrom(env: Record<string, string | undefined>): () => Date {
  return () => {
    const offset = Number(env.LINDUNG_CLOCK_OFFSET_DAYS ?? 0);
    if (!Number.isFinite(offset))
      throw new SettingsError(
        'LINDUNG_CLOCK_OFFSET_DAYS harus berupa angka.',
        'LINDUNG_CLOCK_OFFSET_DAYS must be a number.',
      );
    return new Date(Date.now() + offset * DAY);
  };
}
