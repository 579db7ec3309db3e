/**
 * Validation rules from a regency's configuration (config/<regency>.json): ages and excluded occupations
 * from the programme, the programme start (1 January of the programme year, by default the current
 * year), and the 100 MB file limit. Used by the validate Lambda and the offline CLI.
 */
import { readFile } from 'node:fs/promises';
import { RegencyConfigError } from '../shared/regency-config-error.ts';
import type { ValidationRules } from './types.ts';

export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

/** The part of a regency configuration the validator needs (src/shared/regency-config.ts has the full schema). */
export interface RegencyRulesConfig {
  regency: { code: string };
  programme: {
    minAge: number;
    maxAge: number;
    excludedOccupations: string[];
    /** Optional programme start date YYYY-MM-DD (default: 1 January of the current year). */
    start?: string;
  };
}

export interface RulesOptions {
  /** "Today", for the default programme start (1 January of this year). */
  now?: Date;
  /** Overrides the programme start (YYYY-MM-DD). */
  programmeStart?: string;
  maxFileBytes?: number;
}

export function validationRules(config: RegencyRulesConfig, options: RulesOptions = {}): ValidationRules {
  const now = options.now ?? new Date();
  const programmeStart = options.programmeStart ?? config.programme.start ?? `${now.getFullYear()}-01-01`;
  const { minAge, maxAge, excludedOccupations } = config.programme;
  if (!Number.isInteger(minAge) || !Number.isInteger(maxAge) || minAge > maxAge) {
    throw new RangeError(`programme ages must be integers with minAge ≤ maxAge (got ${minAge}–${maxAge})`);
  }
  return {
    regencyCode: config.regency.code.replace(/\./g, ''),
    programmeStart,
    minAge,
    maxAge,
    excludedOccupations: [...excludedOccupations],
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
  };
}

/** Reads a regency configuration file (JSON) and derives the rules; for the offline CLI. */
export async function loadValidationRules(
  path: string | URL,
  options: RulesOptions = {},
): Promise<{ config: RegencyRulesConfig & Record<string, unknown>; rules: ValidationRules }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new RegencyConfigError(
      String(path),
      `tidak dapat dibaca (${code}). Pilih kabupaten dengan --regency atau LINDUNG_REGENCY`,
      `cannot be read (${code}). Choose the regency with --regency or LINDUNG_REGENCY`,
    );
  }
  const config = JSON.parse(text) as RegencyRulesConfig & Record<string, unknown>;
  if (!config?.regency?.code || !config.programme)
    throw new RegencyConfigError(
      String(path),
      'bukan berkas konfigurasi kabupaten (regency.code dan programme tidak ada)',
      'not a regency configuration (no regency.code and programme)',
    );
  return { config, rules: validationRules(config, options) };
}

/** The part of a stored programme (src/quota) that decides who may be enrolled. */
export interface ProgrammeEligibility {
  startDate: string;
  minAge: number;
  maxAge: number;
  excludedOccupations: readonly string[];
}

/**
 * The rules with the programme's own eligibility: an administrator who narrows the ages (18–64 instead of
 * 18–65) or adds an excluded occupation with `lindung program set` changes what the next upload accepts.
 * Ages are counted on the programme's first day.
 */
export function rulesForProgramme(rules: ValidationRules, programme: ProgrammeEligibility): ValidationRules {
  return {
    ...rules,
    programmeStart: programme.startDate,
    minAge: programme.minAge,
    maxAge: programme.maxAge,
    excludedOccupations: [...programme.excludedOccupations],
  };
}
