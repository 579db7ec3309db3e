import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackInfo } from '../../local/stack.ts';
import { SettingsError } from '../shared/errors.ts';
import { createNikHasher, type NikHasher } from '../shared/nik-hash.ts';

/** The NIK hasher of a stack's data folder (the key the stack generated, kept with its data). */
export function nikHasherFor(info: StackInfo): NikHasher {
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
