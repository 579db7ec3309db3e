import { createHmac } from 'node:crypto';
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
