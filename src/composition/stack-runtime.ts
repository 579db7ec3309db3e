import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackInfo } from '../../local/stack.ts';
import { SettingsError } from '../shared/errors.ts';
import { createNikHasher, type NikHasher } from '../shared/nik-hash.ts';
import type { ClientTarget } from './client-options.ts';
import { coreClients } from './clients.ts';
import type { Runtime } from './runtime.ts';

/** Where a running local stack's services listen (stack.json): the CLI's client target. */
function stackTarget(info: StackInfo): ClientTarget {
  return {
    region: info.region,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
    endpoints: {
      s3: info.s3,
      dynamodb: info.dynamodb,
      sfn: info.stepfunctions,
      ses: info.ses,
      cognito: info.cognito,
    },
    forcePathStyle: true,
  };
}

/** The NIK hasher of a stack's data folder (the key the stack generated, kept with its data). */
export function stackNikHasher(info: Pick<StackInfo, 'dataDir'>): NikHasher {
  const file = join(info.dataDir, 'secrets.json');
  const key = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { nikHmacKey: string }).nikHmacKey
    : process.env.LINDUNG_NIK_HMAC_KEY;
  if (!key)
    throw new SettingsError(
      `Tidak ada kunci NIK di ${file} (atau LINDUNG_NIK_HMAC_KEY).`,
      `No NIK key in ${file} (nor LINDUNG_NIK_HMAC_KEY).`,
    );
  return createNikHasher(key);
}

/** The runtime of a local stack for the CLI, tests and benchmarks: the same builders as the handlers use. */
export function stackRuntime(info: StackInfo): Runtime & { info: StackInfo } {
  const target = stackTarget(info);
  let hasher: NikHasher | undefined;
  return {
    info,
    target,
    ...coreClients(target),
    bucket: info.bucket,
    tables: info.tables,
    stateMachines: info.stateMachines,
    nikHasher: async () => {
      hasher ??= stackNikHasher(info);
      return hasher;
    },
  };
}
