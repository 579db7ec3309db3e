import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CLAIM_COLUMNS } from '../claims/columns.ts';
import { RegencyConfigError } from './regency-config-error.ts';
import { regencyConfigPath } from './regency-path.ts';

export { DEFAULT_REGENCY, regencyConfigPath } from './regency-path.ts';

/**
 * A regency's configuration (config/<regency>.json): its code, name, time zone, agencies, programme defaults,
 * senders and recipients. Nothing in code is regency-specific: the regency is chosen at start-up by
 * `lindung --regency`, the LINDUNG_REGENCY environment variable (a name in config/ or a path) or, on AWS, the
 * CDK context `lindung:regency` (bundled into each function as LINDUNG_REGENCY_JSON). Kutai Timur is the default.
 */
export const regencyConfigSchema = z.object({
  regency: z.object({ code: z.string().regex(/^\d{4}$/), name: z.string(), province: z.string() }),
  agencies: z
    .array(z.object({ id: z.string().regex(/^[a-z0-9-]+$/), name: z.string(), sector: z.string() }))
    .min(1),
  programme: z.object({
    quota: z.number().int().positive(),
    monthlyPremium: z.number().int().positive(),
    minAge: z.number().int().positive(),
    maxAge: z.number().int().positive(),
    excludedOccupations: z.array(z.string()),
    requiresApproval: z.boolean(),
  }),
  administrators: z.array(z.string().email()),
  /**
   * Who lindung's mail comes from: the SES identity (a verified domain or one address) covering both senders,
   * quota alerts and reports (LINDUNG_MAIL_FROM), employer notices, escalations and the digest (NOTICE_FROM_EMAIL).
   */
  mail: z.object({
    identity: z.string().min(3),
    alertsFrom: z.string().email(),
    noticesFrom: z.string().email(),
  }),
  /** The local stack's example desa and agency users (local/front-door.ts); else the first desa, first agency. */
  localStack: z
    .object({ exampleDesa: z.string().regex(/^\d{10}$/), exampleAgency: z.string().regex(/^[a-z0-9-]+$/) })
    .optional(),
  /** Periodic e-mail reports (src/reports): the regency's time zone, when each runs and who receives it. */
  reports: z
    .object({
      timeZone: z.string().refine(isTimeZone, 'an IANA time zone, e.g. Asia/Makassar'),
      weekly: z.object({
        day: z.enum(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']),
        time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
        recipients: z.array(z.string().email()),
      }),
      monthly: z.object({
        day: z.number().int().min(1).max(28),
        time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
        recipients: z.array(z.string().email()),
      }),
    })
    .optional(),
  /** BPJS claim files (src/claims): header aliases the branch office uses, besides the defaults. */
  claims: z
    .object({
      columnAliases: z.partialRecord(z.enum(CLAIM_COLUMNS), z.array(z.string().min(1))).default({}),
    })
    .optional(),
});

/** Looked up in the list of zone names first: building a formatter loads the time-zone data (~50 ms). */
function isTimeZone(zone: string): boolean {
  if (Intl.supportedValuesOf('timeZone').includes(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
export type RegencyConfig = z.infer<typeof regencyConfigSchema>;

/** The regency's time zone (IANA, `reports.timeZone`), for letters, schedules and periods. */
export function regencyTimeZone(config: RegencyConfig): string {
  const zone = config.reports?.timeZone;
  if (!zone)
    throw new RegencyConfigError(
      config.regency.name,
      'zona waktu (reports.timeZone) belum diisi',
      'the time zone (reports.timeZone) is not set',
    );
  return zone;
}

/** Checks a parsed regency file; a RegencyConfigError naming each wrong field otherwise. */
export function parseRegencyConfig(value: unknown, source: string): RegencyConfig {
  // Parsed once per process: without zod's compiled fast path, whose generation costs more than it saves here.
  const result = regencyConfigSchema.safeParse(value, { jitless: true });
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new RegencyConfigError(source, `isian tidak sah — ${fields}`, `invalid fields — ${fields}`);
}

/** Reads and checks a regency file (see regencyConfigPath for `choice`). */
export function readRegencyConfig(choice?: string): RegencyConfig {
  const path = regencyConfigPath(choice);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new RegencyConfigError(
      path,
      `berkas tidak dapat dibaca (${code}). Pilih kabupaten dengan --regency atau LINDUNG_REGENCY (nama di config/ atau path).`,
      `the file cannot be read (${code}). Choose the regency with --regency or LINDUNG_REGENCY (a name in config/ or a path).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    throw new RegencyConfigError(path, `bukan JSON yang sah (${reason})`, `not valid JSON (${reason})`);
  }
  return parseRegencyConfig(json, path);
}

/** The regency of this process: bundled by the CDK (LINDUNG_REGENCY_JSON), else LINDUNG_REGENCY, else the default. */
export function loadRegencyConfig(): RegencyConfig {
  // Written exactly so: the house Lambda construct replaces it with the synthesized regency (esbuild define).
  const bundled = process.env.LINDUNG_REGENCY_JSON;
  if (bundled) return parseRegencyConfig(JSON.parse(bundled), 'LINDUNG_REGENCY_JSON');
  return readRegencyConfig();
}

/** The deployed regency, read once at start-up. */
export const regencyConfig: RegencyConfig = loadRegencyConfig();

export const uploadLayout = {
  regencyCode: regencyConfig.regency.code,
  agencies: regencyConfig.agencies.map((a) => a.id),
};
