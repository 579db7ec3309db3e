import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { SettingsError } from '../shared/errors.ts';
import { createNikHasher, type NikHasher } from '../shared/nik-hash.ts';
import type { ClientTarget } from './client-options.ts';
import { coreClients } from './clients.ts';
import { env, requireEnv } from './env.ts';
import type { Runtime } from './runtime.ts';

/*
 * The Lambda functions' runtime: SDK clients at module scope, reused across invocations. Endpoints come from
 * the standard AWS_ENDPOINT_URL_<SERVICE> variables (set only by the local stack); in AWS they are absent.
 * Names are read from the environment at use (src/composition/env.ts).
 */
const target: ClientTarget = { forcePathStyle: env().LINDUNG_S3_FORCE_PATH_STYLE === 'true' };
const clients = coreClients(target);

let hasher: Promise<NikHasher> | undefined;

/** The container's hasher: key from Secrets Manager in AWS (cached by Powertools), from the environment locally. */
function nikHasher(): Promise<NikHasher> {
  hasher ??= (async () => {
    const { NIK_HMAC_SECRET_ARN, LINDUNG_NIK_HMAC_KEY } = env();
    const key = NIK_HMAC_SECRET_ARN ? await getSecret<string>(NIK_HMAC_SECRET_ARN) : LINDUNG_NIK_HMAC_KEY;
    if (!key)
      throw new SettingsError(
        'Tidak ada kunci HMAC NIK: isi NIK_HMAC_SECRET_ARN (AWS) atau LINDUNG_NIK_HMAC_KEY (lokal).',
        'No NIK HMAC key: set NIK_HMAC_SECRET_ARN (AWS) or LINDUNG_NIK_HMAC_KEY (local).',
      );
    return createNikHasher(key);
  })();
  return hasher;
}

export const handlerRuntime: Runtime = {
  target,
  ...clients,
  get bucket() {
    return requireEnv('BUCKET_NAME').BUCKET_NAME;
  },
  tables: {
    get uploads() {
      return requireEnv('UPLOADS_TABLE').UPLOADS_TABLE;
    },
    get workers() {
      return requireEnv('WORKERS_TABLE').WORKERS_TABLE;
    },
    get programmes() {
      return requireEnv('PROGRAMMES_TABLE').PROGRAMMES_TABLE;
    },
    get employers() {
      return requireEnv('EMPLOYERS_TABLE').EMPLOYERS_TABLE;
    },
    get access() {
      return requireEnv('ACCESS_TABLE').ACCESS_TABLE;
    },
  },
  stateMachines: {
    get enrollment() {
      return env().ENROLLMENT_STATE_MACHINE_ARN;
    },
    get employerNotification() {
      return env().EMPLOYER_NOTIFICATION_STATE_MACHINE_ARN;
    },
  },
  nikHasher,
};

/** The handlers' module-scope clients (the local stack's call recorder and benchmarks meter them). */
export const { dynamo, s3, sfn } = clients;
