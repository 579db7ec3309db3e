import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { dynamoEmployerStore } from '../../src/adapters/dynamo-employer-store.ts';
import { dynamoEmployerWorkers } from '../../src/adapters/dynamo-employer-workers.ts';
import { sesMailer } from '../../src/adapters/ses-mail-sender.ts';
import type { PlaceNames } from '../../src/employers/ports.ts';
import { clockFrom, notificationSettings } from '../../src/employers/settings.ts';
import { dynamo } from '../../src/shared/aws-clients.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import { loadRegionDirectory } from '../../src/validation/regions.ts';

/**
 * Composition root of the employer-notification functions (not a function itself: no handler.ts here).
 * Environment, set by CDK in AWS and by the local stack on a laptop:
 * EMPLOYERS_TABLE, WORKERS_TABLE, EMPLOYER_NOTIFICATION_STATE_MACHINE_ARN (refer-employers),
 * NOTICE_FROM_EMAIL (a verified SES identity; default the regency file's mail.noticesFrom), optional SES_CONFIGURATION_SET, DISNAKERTRANS_EMAILS,
 * LINDUNG_NOTICE_WINDOW_DAYS (14), LINDUNG_MAX_UNANSWERED_NOTICES (2), LINDUNG_NOTICE_RESPONSE_DAYS (= window),
 * LINDUNG_DIGEST_INTERVAL_HOURS (24), LINDUNG_TIME_ZONE (the regency's), LINDUNG_CLOCK_OFFSET_DAYS (tests).
 */
const envSchema = z.object({
  EMPLOYERS_TABLE: z.string().min(1),
  WORKERS_TABLE: z.string().min(1),
  /** Only the task that queues an upload's referrals reads the uploads table (its chunks' records). */
  UPLOADS_TABLE: z.string().min(1).optional(),
  EMPLOYER_NOTIFICATION_STATE_MACHINE_ARN: z.string().optional(),
  NOTICE_FROM_EMAIL: z.string().email().default(regencyConfig.mail.noticesFrom),
  SES_CONFIGURATION_SET: z.string().optional(),
  BUCKET_NAME: z.string().optional(),
  LINDUNG_MAX_FILE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
});

export const ses = new SESv2Client({});
let regions: ReturnType<typeof loadRegionDirectory> | undefined;

export function employerEnv() {
  return envSchema.parse(process.env);
}

/** Desa and kecamatan names (idn-area-data, loaded once) for the tasks that queue referred workers. */
async function placeNames(): Promise<PlaceNames> {
  regions ??= loadRegionDirectory(regencyConfig.regency.code);
  const directory = await regions;
  return (code) => {
    const d = directory.desaByCode(code);
    return d ? { desa: d.name, kecamatan: d.kecamatanName } : { desa: code, kecamatan: code.slice(0, 6) };
  };
}

const codesOnly: PlaceNames = (code) => ({ desa: code, kecamatan: code.slice(0, 6) });

/** The adapters behind the employer-notification ports. `places`: load region names (queueing tasks only). */
export async function employerDeps(options: { places?: boolean } = {}) {
  const env = employerEnv();
  const places = options.places ? await placeNames() : codesOnly;
  return {
    env,
    store: dynamoEmployerStore(dynamo, env.EMPLOYERS_TABLE),
    workers: dynamoEmployerWorkers(dynamo, env.WORKERS_TABLE, env.UPLOADS_TABLE),
    mailer: sesMailer(ses, {
      from: env.NOTICE_FROM_EMAIL,
      ...(env.SES_CONFIGURATION_SET ? { configurationSetName: env.SES_CONFIGURATION_SET } : {}),
    }),
    places,
    settings: notificationSettings(process.env, regencyConfig),
    clock: clockFrom(process.env),
  };
}

/** ISO time of a run: the workflow input's `now` when given (rehearsals, tests), else the clock. */
export const isoTime = z.string().datetime({ offset: true });
