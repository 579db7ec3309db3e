import { z } from 'zod';
import { SettingsError } from '../shared/errors.ts';
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
  /** How batches reach BPJS (src/adapters/bpjs-gateway-from-env.ts); the local stack sets `simulator`. */
  LINDUNG_BPJS_GATEWAY: z.enum(['file-exchange', 'http', 'simulator']).default('file-exchange'),
  /** Simulator: probability (0–1) that a submission fails transiently, its delay, and a seed for its faults. */
  LINDUNG_BPJS_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  LINDUNG_BPJS_LATENCY_MS: z.coerce.number().int().nonnegative().default(0),
  LINDUNG_BPJS_FAILURE_SEED: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().optional(),
  ),
  /** http gateway: the BPJS API, the secret holding its token, the request timeout. */
  BPJS_API_ENDPOINT: optionalName.pipe(z.string().url().optional()),
  BPJS_API_TOKEN_SECRET_ARN: optionalName,
  BPJS_API_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
});

export type Env = z.infer<typeof schema>;

/**
 * Parsed from process.env on every call (cheap; the local stack and tests set variables after start-up).
 * A malformed value is a SettingsError naming the variable.
 */
export function env(): Env {
  const parsed = schema.safeParse(process.env);
  if (parsed.success) return parsed.data;
  const wrong = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new SettingsError(
    `Variabel lingkungan tidak sah: ${wrong}`,
    `Malformed environment variable: ${wrong}`,
    { cause: parsed.error },
  );
}

type Required<K extends keyof Env> = Env & { [P in K]-?: NonNullable<Env[P]> };

/** The environment with these names required: a SettingsError naming the first one missing. */
export function requireEnv<K extends keyof Env>(...names: K[]): Required<K> {
  const e = env();
  for (const n of names)
    if (e[n] === undefined || e[n] === '')
      throw new SettingsError(`Variabel lingkungan ${String(n)} belum diisi`, `${String(n)} is not set`);
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
