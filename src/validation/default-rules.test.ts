import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_FILE_BYTES,
  loadValidationRules,
  rulesForProgramme,
  validationRules,
} from './default-rules.ts';

const KUTAI_TIMUR = new URL('../../config/kutai-timur.json', import.meta.url);

describe('programme rules', () => {
  it('reads the Kutai Timur configuration: ages, excluded occupations, 100 MB, start on 1 January', async () => {
    const { rules } = await loadValidationRules(KUTAI_TIMUR, { now: new Date('2026-06-15T00:00:00Z') });
    expect(rules).toEqual({
      regencyCode: '6408',
      programmeStart: '2026-01-01',
      minAge: 18,
      maxAge: 64,
      excludedOccupations: ['PNS', 'ASN', 'PPPK', 'TNI', 'POLRI'],
      maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    });
  });

  it('takes an explicit programme start and file limit', () => {
    const config = {
      regency: { code: '64.08' },
      programme: { minAge: 18, maxAge: 65, excludedOccupations: [] },
    };
    expect(validationRules(config, { programmeStart: '2025-01-01', maxFileBytes: 10 })).toMatchObject({
      regencyCode: '6408',
      programmeStart: '2025-01-01',
      maxAge: 65,
      maxFileBytes: 10,
    });
    expect(() => validationRules({ ...config, programme: { ...config.programme, minAge: 70 } })).toThrow(
      /minAge/,
    );
  });

  it("takes the stored programme's ages, exclusions and first day over the configuration's", async () => {
    const { rules } = await loadValidationRules(KUTAI_TIMUR, { now: new Date('2026-06-15T00:00:00Z') });
    const programme = {
      startDate: '2026-04-01',
      minAge: 21,
      maxAge: 60,
      excludedOccupations: ['PNS', 'Perangkat Desa'],
    };
    expect(rulesForProgramme(rules, programme)).toEqual({
      ...rules,
      programmeStart: '2026-04-01',
      minAge: 21,
      maxAge: 60,
      excludedOccupations: ['PNS', 'Perangkat Desa'],
    });
  });
});
