import type { ProgrammeSettings } from '../model.ts';
import type { ProgrammeDefaults } from '../programme.ts';

export const KUTAI_TIMUR: ProgrammeDefaults = {
  regency: { code: '6408', name: 'Kabupaten Kutai Timur' },
  programme: {
    quota: 150_000,
    monthlyPremium: 16_800,
    minAge: 18,
    maxAge: 64,
    excludedOccupations: ['PNS', 'ASN', 'PPPK', 'TNI', 'POLRI'],
    requiresApproval: false,
  },
  administrators: ['disnakertrans@kutaitimurkab.go.id'],
};

/** A 2026 programme (Jan–Dec) with `quota` places at Rp 16,800 and the default ceiling. */
export function settings(quota: number, overrides: Partial<ProgrammeSettings> = {}): ProgrammeSettings {
  return {
    regency: '6408',
    year: 2026,
    quota,
    monthlyPremium: 16_800,
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    budgetCeiling: quota * 16_800 * 12,
    budgetExplicit: false,
    minAge: 18,
    maxAge: 64,
    excludedOccupations: [],
    kecamatanQuotas: {},
    requiresApproval: false,
    administrators: ['admin@example.go.id'],
    ...overrides,
  };
}
