import { errorClass } from './errors.ts';

/** A missing or invalid regency file: says which file and what is wrong, in Bahasa Indonesia and English. */
export class RegencyConfigError extends errorClass('RegencyConfigError', {
  code: 'REGENCY_CONFIG',
  kind: 'invalid',
  retryable: false,
}) {
  constructor(
    readonly source: string,
    readonly id: string,
    readonly en: string,
  ) {
    super(`Konfigurasi kabupaten ${source}: ${id}`, `Regency configuration ${source}: ${en}`);
  }
}
