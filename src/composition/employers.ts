import { z } from 'zod';
import { dynamoEmployerStore } from '../adapters/dynamo-employer-store.ts';
import { dynamoEmployerWorkers } from '../adapters/dynamo-employer-workers.ts';
import { sesMailer } from '../adapters/ses-mail-sender.ts';
import { sfnWorkflowStarter } from '../adapters/sfn-workflow-starter.ts';
import type { PlaceNames } from '../employers/ports.ts';
import { clockFrom, notificationSettings } from '../employers/settings.ts';
import { regencyConfig } from '../shared/regency-config.ts';
import { env, senders } from './env.ts';
import { type Runtime, stateMachine, tableIfSet } from './runtime.ts';
import { sesFor } from './ses.ts';
import { regionDirectory } from './stores.ts';

export const employerStore = (rt: Runtime) => dynamoEmployerStore(rt.dynamo, rt.tables.employers);
/** Referred workers; the uploads table (chunk records) only where the function has it (refer-employers). */
export const employerWorkers = (rt: Runtime) =>
  dynamoEmployerWorkers(rt.dynamo, rt.tables.workers, tableIfSet(rt, 'uploads'));

/** Desa and kecamatan names (idn-area-data, loaded once) for the tasks that queue referred workers. */
async function placeNames(): Promise<PlaceNames> {
  const directory = await regionDirectory();
  return (code) => {
    const d = directory.desaByCode(code);
    return d ? { desa: d.name, kecamatan: d.kecamatanName } : { desa: code, kecamatan: code.slice(0, 6) };
  };
}

const codesOnly: PlaceNames = (code) => ({ desa: code, kecamatan: code.slice(0, 6) });

/**
 * The adapters behind the employer-notification ports. `places`: load region names (queueing tasks only).
 * Tuning (LINDUNG_NOTICE_WINDOW_DAYS, …, LINDUNG_CLOCK_OFFSET_DAYS) is read by src/employers/settings.ts.
 */
export async function employerDeps(rt: Runtime, options: { places?: boolean } = {}) {
  const from = senders();
  return {
    store: employerStore(rt),
    workers: employerWorkers(rt),
    mailer: sesMailer(sesFor(rt), {
      from: from.notices,
      ...(from.configurationSetName ? { configurationSetName: from.configurationSetName } : {}),
    }),
    places: options.places ? await placeNames() : codesOnly,
    settings: notificationSettings(process.env, regencyConfig),
    clock: clockFrom(process.env),
    maxFileBytes: env().LINDUNG_MAX_FILE_BYTES,
  };
}

/** Starts the employer-notification workflow (a clear error where the runtime has none). */
export const employerNotificationStarter = (rt: Runtime) =>
  sfnWorkflowStarter(rt.sfn, stateMachine(rt, 'employerNotification'));

/** ISO time of a run: the workflow input's `now` when given (rehearsals, tests), else the clock. */
export const isoTime = z.string().datetime({ offset: true });
