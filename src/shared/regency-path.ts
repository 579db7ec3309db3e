import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which regency file: a name in this repository's config/ or a path. Apart from regency-config.ts (which
 * re-exports it), so a command that reads the file itself (`lindung validate`, `sample`, `template`) starts
 * without loading the configuration schema (zod).
 */

/** The regency used when nothing chooses one: the example of this repository. */
export const DEFAULT_REGENCY = 'kutai-timur';

/** This repository's config/ folder (from src/shared, and from the CLI bundle in dist/cli). */
const CONFIG_DIR = new URL('../../config/', import.meta.url);

/** 'penajam-paser-utara' → <repo>/config/penajam-paser-utara.json; a path (with / or .json) as given. */
export function regencyConfigPath(choice: string = process.env.LINDUNG_REGENCY || DEFAULT_REGENCY): string {
  if (choice.includes('/') || choice.includes('\\') || choice.endsWith('.json'))
    return isAbsolute(choice) ? choice : resolve(choice);
  return fileURLToPath(new URL(`${choice}.json`, CONFIG_DIR));
}
