import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  ensureExampleProgramme,
  newSettings,
  ProgrammeRuleError,
  programmeCovering,
  programmeForReservation,
  setProgramme,
} from './programme.ts';
import { KUTAI_TIMUR, settings } from './testing/fixtures.ts';
import { MemoryProgrammes } from './testing/memory.ts';

const KEY = { regency: '6408', year: 2026 };

describe('programme settings', () => {
  it('budgets quota × premium × months unless a ceiling is set by hand', () => {
    const s = newSettings(KUTAI_TIMUR, 2025, { quota: 150_000 });
    expect(s).toMatchObject({
      startDate: '2025-01-01',
      endDate: '2025-12-31',
      budgetCeiling: 30_240_000_000,
    });
    expect(applyChanges(s, { quota: 100_000 }).budgetCeiling).toBe(100_000 * 16_800 * 12);
    const fixed = applyChanges(s, { budgetCeiling: 20_000_000_000 });
    expect(applyChanges(fixed, { quota: 1 }).budgetCeiling).toBe(20_000_000_000);
    expect(applyChanges(fixed, { budgetCeiling: null }).budgetCeiling).toBe(30_240_000_000);
    expect(applyChanges(s, { startDate: '2025-07-01' }).budgetCeiling).toBe(150_000 * 16_800 * 6);
  });

  it('adds and removes kecamatan allocations', () => {
    const s = applyChanges(settings(10), { kecamatanQuotas: { '640804': 6, '640805': 4 } });
    expect(applyChanges(s, { kecamatanQuotas: { '640805': null } }).kecamatanQuotas).toEqual({ '640804': 6 });
  });

  it('refuses settings that cannot be, in Bahasa Indonesia and English', () => {
    const s = settings(10);
    const bad = [
      { endDate: '2026-01-01', startDate: '2026-02-01' },
      { startDate: '2026-02-30' },
      { kecamatanQuotas: { '650804': 1 } },
      { quota: -1 },
      { monthlyPremium: 0 },
      { startDate: '2027-01-01', endDate: '2027-12-31' },
    ];
    for (const changes of bad) {
      const error = (() => {
        try {
          applyChanges(s, changes);
        } catch (e) {
          return e;
        }
      })();
      expect(error, JSON.stringify(changes)).toBeInstanceOf(ProgrammeRuleError);
      expect((error as ProgrammeRuleError).message.length).toBeGreaterThan(0);
      expect((error as ProgrammeRuleError).messageEn.length).toBeGreaterThan(0);
    }
  });
});

describe('setting a programme', () => {
  const now = () => new Date('2026-11-23T10:00:00Z');

  it('creates the programme covering today, needs a quota to do so, then changes it', async () => {
    const programmes = new MemoryProgrammes();
    await expect(
      setProgramme({ programmes, now }, KUTAI_TIMUR, { monthlyPremium: 16_800 }, { by: 't' }),
    ).rejects.toThrow(ProgrammeRuleError);
    const created = await setProgramme({ programmes, now }, KUTAI_TIMUR, { quota: 10 }, { by: 't' });
    expect(created.created).toBe(true);
    expect(created.state).toMatchObject({ year: 2026, quota: 10, configVersion: 1 });
    const changed = await setProgramme({ programmes, now }, KUTAI_TIMUR, { quota: 20 }, { by: 't' });
    expect(changed.state).toMatchObject({ quota: 20, configVersion: 2, budgetCeiling: 20 * 16_800 * 12 });
  });

  it('never lowers a limit below what is in use', async () => {
    const programmes = new MemoryProgrammes();
    await programmes.create(settings(10, { kecamatanQuotas: { '640804': 5 } }), '', 't');
    const item = programmes.items.get('PROGRAMME#6408#2026');
    if (!item) throw new Error('no item');
    Object.assign(item, { used: 8, committed: 8 * 16_800 * 12, kecUsed: { '640804': 5 } });
    for (const changes of [{ quota: 7 }, { budgetCeiling: 16_800 }, { kecamatanQuotas: { '640804': 4 } }]) {
      await expect(
        setProgramme({ programmes, now }, KUTAI_TIMUR, changes, { year: 2026, by: 't' }),
      ).rejects.toThrow(ProgrammeRuleError);
    }
    expect(
      (await setProgramme({ programmes, now }, KUTAI_TIMUR, { quota: 8 }, { year: 2026, by: 't' })).state
        .quota,
    ).toBe(8);
  });

  it('starts the local stack with the example programme for this year, once', async () => {
    const programmes = new MemoryProgrammes();
    expect(await ensureExampleProgramme(programmes, KUTAI_TIMUR, now())).toBe('created');
    expect(await ensureExampleProgramme(programmes, KUTAI_TIMUR, now())).toBe('exists');
    expect(await programmes.get(KEY)).toMatchObject({
      quota: 150_000,
      monthlyPremium: 16_800,
      budgetCeiling: 30_240_000_000,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      administrators: KUTAI_TIMUR.administrators,
    });
  });

  it('finds the programme covering a date, also one that runs across the new year', async () => {
    const programmes = new MemoryProgrammes();
    await programmes.create(
      settings(10, { year: 2026, startDate: '2026-07-01', endDate: '2027-06-30' }),
      '',
      't',
    );
    expect((await programmeCovering(programmes, '6408', new Date('2027-03-01T00:00:00Z')))?.year).toBe(2026);
    expect(await programmeCovering(programmes, '6408', new Date('2026-03-01T00:00:00Z'))).toBeUndefined();
    // reservations go to the programme that covers next month, when coverage starts
    expect((await programmeForReservation(programmes, '6408', new Date('2026-06-20T00:00:00Z')))?.year).toBe(
      2026,
    );
  });
});
