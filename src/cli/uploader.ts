import type { Uploader } from '../validation/types.ts';
import { UsageError } from './errors.ts';

/** `--desa CODE` or `--agency ID`: who an operator uploads as. */
export function uploaderFrom(opts: { desa?: string; agency?: string }): Uploader {
  if (opts.desa && opts.agency)
    throw new UsageError('Pilih salah satu: --desa atau --agency.', 'Choose one of --desa and --agency.');
  if (opts.desa) return { kind: 'desa', desa: opts.desa.replaceAll('.', '') };
  if (opts.agency) return { kind: 'agency', agency: opts.agency };
  throw new UsageError('Sebutkan --desa KODE atau --agency ID.', 'Give --desa CODE or --agency ID.');
}
