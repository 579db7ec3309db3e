import { createHmac } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { env } from './env.ts';
import { SettingsError } from './errors.ts';

/** Keyed hash of a NIK: table keys, logs and URLs carry this, never the NIK itself. */
export type NikHasher = (nik: string) => string;

export function createNikHasher(key: string): NikHasher {
  if (key.length < 16)
    throw new SettingsError(
      'Kunci HMAC NIK terlalu pendek (paling sedikit 16 karakter).',
      'The NIK HMAC key is too short (need at least 16 characters).',
    );
  return (nik) => createHmac('sha256', key).update(nik).digest('base64url').slice(0, 32);
}

let hasher: Promise<NikHasher> | undefined;

/** The container's hasher: key from Secrets Manager in AWS (cached by Powertools), from the environment locally. */
export function nikHasher(): Promise<NikHasher> {
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
