import { z } from 'zod';

/**
 * Configuration every handler reads from its environment. The same names are set by CDK in AWS and by the
 * local stack on a laptop: only endpoints and credentials (standard AWS SDK variables) differ.
 */
const schema = z.object({
  BUCKET_NAME: z.string().min(1),
  UPLOADS_TABLE: z.string().min(1),
  WORKERS_TABLE: z.string().min(1),
  PROGRAMMES_TABLE: z.string().min(1),
  ENROLLMENT_STATE_MACHINE_ARN: z.string().optional(),
  /** Secrets Manager secret holding the NIK HMAC key (AWS). */
  NIK_HMAC_SECRET_ARN: z.string().optional(),
  /** The key itself (local stack only, generated once per data folder). */
  LINDUNG_NIK_HMAC_KEY: z.string().optional(),
  /** Valid rows per staged chunk (the workflow maps over chunks). */
  LINDUNG_CHUNK_SIZE: z.coerce.number().int().positive().optional(),
  LINDUNG_MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Parsed once per container; throws a clear error when a variable is missing. */
export function env(): Env {
  cached ??= schema.parse(process.env);
  return cached;
}
