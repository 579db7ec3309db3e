import { describe, expect, it } from 'vitest';
import {
  addMonths,
  defaultBudget,
  firstPaidMonth,
  formatRupiah,
  monthsInclusive,
  placeCost,
  refundFor,
} from './calendar.ts';
import type { Place } from './model.ts';

const p2025 = { startDate: '2025-01-01', endDate: '2025-12-31', monthlyPremium: 16_800, quota: 150_000 };

describe('programme calendar and money', () => {
  it('budgets Kutai Timur 2025 at Rp 30.240.000.000 (150,000 × Rp 16,800 × 12)', () => {
    expect(defaultBudget(p2025)).toBe(30_240_000_000);
    expect(formatRupiah(30_240_000_000)).toBe('Rp 30.240.000.000');
    expect(formatRupiah(16_800)).toBe('Rp 16.800');
    expect(formatRupiah(0)).toBe('Rp 0');
  });

  it('counts months inclusively across years', () => {
    expect(monthsInclusive('2025-01', '2025-12')).toBe(12);
    expect(monthsInclusive('2025-12', '2025-12')).toBe(1);
    expect(monthsInclusive('2025-11', '2026-02')).toBe(4);
    expect(monthsInclusive('2026-01', '2025-12')).toBe(0);
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
  });

  it('charges a place from the first day of next month to the end of the programme', () => {
    expect(placeCost(p2025, new Date('2025-03-15T08:00:00Z'))).toEqual({
      fromMonth: '2025-04',
      endMonth: '2025-12',
      cost: 9 * 16_800,
    });
    // before the programme starts: the whole year; in its last month: that month (never free)
    expect(firstPaidMonth(p2025, new Date('2024-11-20T00:00:00Z'))).toBe('2025-01');
    expect(placeCost(p2025, new Date('2025-12-10T00:00:00Z')).cost).toBe(16_800);
  });

  it('gives back everything for a place never covered, the months not yet due for a covered one', () => {
    const place: Place = {
      programme: 'PROGRAMME#6408#2025',
      op: 'reserve#u#1',
      kecamatan: '640804',
      fromMonth: '2025-04',
      endMonth: '2025-12',
      monthlyPremium: 16_800,
      committed: 9 * 16_800,
    };
    expect(refundFor(place, new Date('2025-06-10T00:00:00Z'), false)).toBe(9 * 16_800);
    // covered April–June (June is due), July–December come back
    expect(refundFor(place, new Date('2025-06-10T00:00:00Z'), true)).toBe(6 * 16_800);
    expect(refundFor(place, new Date('2025-03-20T00:00:00Z'), true)).toBe(9 * 16_800);
    expect(refundFor(place, new Date('2026-02-01T00:00:00Z'), true)).toBe(0);
  });
});
