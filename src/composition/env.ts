import { z } from 'zod';
import { regencyConfig } from '../shared/regency-config.ts';

const optionalName = z
  .string()
  .optional()
  .transform((v) => v || undefined);

/**
 * The one environment schema of every Lambda function (and of the local stack, which sets the same names).
 * CDK gives each function only the names its code reaches, so names are optional here and required where
 * they are used (`requireEnv`): a missing one is a clear error naming it, at the first use.
 */
const schema = z.object({
  BUCKET_NAME: optionalName,
  UPLOADS_TABLE: optionalName,
  WORKERS_TABLE: optionalName,
  PROGRAMMES_TABLE: optionalName,
  EMPLOYERS_TABLE: optionalName,
  ACCESS_TABLE: optionalName,
  ENROLLMENT_STATE_MACHINE_ARN: optionalName,
  EMPLOYER_NOTIFICATION_STATE_MACHINE_ARN: optionalName,
  /** Secrets Manager secret holding the NIK HMAC key (AWS). */
  NIK_HMAC_SECRET_ARN: optionalName,
  /** The key itself (local stack only, generated once per data folder). */
  LINDUNG_NIK_HMAC_KEY: optionalName,
  /** Valid rows per staged chunk (the workflow maps over chunks). */
  LINDUNG_CHUNK_SIZE: z.coerce.number().int().positive().optional(),
  LINDUNG_MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /** AWS: the role presigned POSTs are signed as (the only writer the bucket allows under uploads/). */
  PRESIGN_ROLE_ARN: optionalName,
  /** Browser origins allowed to call the API (comma-separated): the dashboard's. */
  ALLOWED_ORIGINS: z.string().default(''),
  /** Sender of quota alerts (a verified SES identity). */
  LINDUNG_MAIL_FROM: z.string().default('lindung-noreply@lindung.local'),
  /** Sender of employer notices; default the regency file's mail.noticesFrom. */
  NOTICE_FROM_EMAIL: z.string().email().optional(),
  /** Sender of the periodic reports; default LINDUNG_MAIL_FROM. */
  LINDUNG_REPORT_FROM: optionalName,
  SES_CONFIGURATION_SET: optionalName,
  /** Local stack: the S3 emulator answers path-style requests only. */
  LINDUNG_S3_FORCE_PATH_STYLE: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

/** Parsed from process.env on every call (cheap; the local stack and tests set variables after start-up). */
export function env(): Env {
  return schema.parse(process.env);
}

type Required<K extends keyof Env> = Env & { [P in K]-?: NonNullable<Env[P]> };

/** The environment with these names required: throws `NAME is not set` for the first one missing. */
export function requireEnv<K extends keyof Env>(...names: K[]): Required<K> {
  const e = env();
  for (const n of names) if (e[n] === undefined || e[n] === '') throw new Error(`${String(n)} is not set`);
  return e as Required<K>;
}

/** Sender addresses, from the environment or the regency file. */
export const senders = () => {
  const e = env();
  return {
    alerts: e.LINDUNG_MAIL_FROM,
    reports: e.LINDUNG_REPORT_FROM ?? e.LINDUNG_MAIL_FROM,
    notices: e.NOTICE_FROM_EMAIL ?? regencyConfig.mail.noticesFrom,
    configurationSetName: e.SES_CONFIGURATION_SET,
  };
};
