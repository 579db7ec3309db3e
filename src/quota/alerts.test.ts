import { describe, expect, it } from 'vitest';
import { alertMail, alertsDue, sendQuotaAlerts, usePercent } from './alerts.ts';
import type { ProgrammeState } from './model.ts';
import type { Mail } from './ports.ts';
import { setProgramme } from './programme.ts';
import { KUTAI_TIMUR, settings } from './testing/fixtures.ts';
import { MemoryProgrammes } from './testing/memory.ts';

const KEY = { regency: '6408', year: 2026 };

async function programme(used: number) {
  const programmes = new MemoryProgrammes();
  await programmes.create(settings(100), '', 't');
  const item = programmes.items.get('PROGRAMME#6408#2026') as ProgrammeState;
  item.used = used;
  item.committed = used * 16_800;
  return { programmes, item };
}

describe('quota alerts', () => {
  it('measures use by headcount or budget, whichever is higher', () => {
    expect(usePercent({ used: 79, quota: 100, committed: 0, budgetCeiling: 100 })).toBe(79);
    expect(usePercent({ used: 10, quota: 100, committed: 91, budgetCeiling: 100 })).toBe(91);
  });

  it('is due at each threshold crossed and not yet alerted', async () => {
    const { item } = await programme(92);
    const now = new Date('2026-11-23T10:00:00Z');
    expect(alertsDue(item, now)).toEqual([80, 90]);
    item.alerts = { '80': { state: 'SENT', at: '' } };
    expect(alertsDue(item, now)).toEqual([90]);
    item.alerts['90'] = { state: 'SENDING', at: '2026-11-23T09:59:00.000Z' };
    expect(alertsDue(item, now)).toEqual([]); // being sent
    item.alerts['90'] = { state: 'SENDING', at: '2026-11-23T09:00:00.000Z' };
    expect(alertsDue(item, now)).toEqual([90]); // the sender crashed: send again
  });

  it('sends one mail per crossing, once, even when several tasks see it at the same time', async () => {
    const { programmes, item } = await programme(85);
    const sent: Mail[] = [];
    const deps = {
      programmes,
      mail: { send: async (m: Mail) => void sent.push(m) },
      now: () => new Date('2026-11-23T10:00:00Z'),
      regencyName: 'Kabupaten Kutai Timur',
    };
    const state = (await programmes.get(KEY)) as ProgrammeState;
    await Promise.all([sendQuotaAlerts(deps, KEY, state), sendQuotaAlerts(deps, KEY, state)]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toContain('80%');
    expect(sent[0]?.to).toEqual(['admin@example.go.id']);
    item.used = 100;
    item.committed = 100 * 16_800;
    await sendQuotaAlerts(deps, KEY, (await programmes.get(KEY)) as ProgrammeState);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.subject).toContain('habis (100%)');
    expect(Object.keys(item.alerts).sort()).toEqual(['100', '80', '90']);
    await sendQuotaAlerts(deps, KEY, (await programmes.get(KEY)) as ProgrammeState);
    expect(sent).toHaveLength(2);
  });

  it('alerts again after a raise once use climbs back over a threshold it had passed', async () => {
    const { programmes, item } = await programme(100);
    const sent: Mail[] = [];
    const deps = {
      programmes,
      mail: { send: async (m: Mail) => void sent.push(m) },
      now: () => new Date('2026-08-01T10:00:00Z'),
    };
    await sendQuotaAlerts(deps, KEY, item);
    expect(sent.map((m) => m.subject)).toEqual([expect.stringContaining('habis (100%)')]);

    // APBD-Perubahan: 115 places, 86% in use. 80% stays alerted, 90% and 100% are armed again.
    await setProgramme(deps, KUTAI_TIMUR, { quota: 115 }, { year: 2026, by: 'test' });
    expect(Object.keys(item.alerts)).toEqual(['80']);
    await sendQuotaAlerts(deps, KEY, (await programmes.get(KEY)) as ProgrammeState);
    expect(sent).toHaveLength(1);

    item.used = 115;
    await sendQuotaAlerts(deps, KEY, (await programmes.get(KEY)) as ProgrammeState);
    expect(sent.map((m) => m.subject)).toEqual([
      expect.stringContaining('habis (100%)'),
      expect.stringContaining('habis (100%)'),
    ]);
    expect(sent[1]?.text).toContain('Kuota / quota: 115 pekerja');
  });

  it('writes the figures the way Indonesians read them', async () => {
    const { item } = await programme(80);
    item.budgetCeiling = 30_240_000_000;
    const mail = alertMail(item, 80, 'Kabupaten Kutai Timur');
    expect(mail.text).toContain('Rp 30.240.000.000');
    expect(mail.text).toContain('Kuota program Kabupaten Kutai Timur tahun 2026 telah terpakai 80%');
    expect(mail.html).toContain('<table>');
  });
});
