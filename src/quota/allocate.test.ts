import { describe, expect, it } from 'vitest';
import { allocate, promotable, splitByGrant, waitingForGlobalRoom } from './allocate.ts';
import type { ProgrammeState } from './model.ts';
import { settings } from './testing/fixtures.ts';

function state(quota: number, over: Partial<ProgrammeState> = {}): ProgrammeState {
  return {
    ...settings(quota),
    used: 0,
    committed: 0,
    waitlisted: 0,
    kecUsed: {},
    kecWaitlisted: {},
    configVersion: 3,
    waitSeq: 0,
    opSeq: 0,
    ops: {},
    alerts: {},
    createdAt: '',
    updatedAt: '',
    updatedBy: '',
    ...over,
  };
}
const rows = (...kecs: string[]) => kecs.map((kecamatan) => ({ kecamatan }));
const COST = 16_800;

describe('allocate', () => {
  it('grants the first rows while places remain and waitlists the rest, guarded by what it read', () => {
    const a = allocate(
      state(10, { used: 7, committed: 7 * COST }),
      rows('640804', '640804', '640804', '640804', '640804'),
      COST,
      'new',
    );
    expect(a.granted).toBe(3);
    expect(a.enqueued).toBe(2);
    expect(a.grants).toEqual({ '640804': 3 });
    expect(a.delta).toMatchObject({
      used: 3,
      committed: 3 * COST,
      waitlisted: 2,
      kecWaitlisted: { '640804': 2 },
    });
    expect(a.guard).toEqual({
      configVersion: 3,
      maxUsed: 7,
      maxCommitted: 10 * 12 * COST - 3 * COST,
      waitlisted: 0,
      kecWaitlisted: { '640804': 0 },
    });
  });

  it('holds the budget ceiling as well as the headcount', () => {
    // 100 places but only Rupiah for 2 more places at this cost
    const a = allocate(
      state(100, { budgetCeiling: 10 * COST, committed: 8 * COST, used: 8 }),
      rows('640804', '640804', '640804'),
      COST,
      'new',
    );
    expect(a.granted).toBe(2);
    expect(a.guard.maxCommitted).toBe(8 * COST);
  });

  it('holds a kecamatan allocation and lets other kecamatan through', () => {
    const s = state(100, { kecamatanQuotas: { '640804': 1 } });
    const a = allocate(s, rows('640804', '640805', '640804', '640805'), COST, 'new');
    expect(a.grants).toEqual({ '640804': 1, '640805': 2 });
    expect(a.guard.maxKecUsed).toEqual({ '640804': 0 });
    expect(a.delta.kecWaitlisted).toEqual({ '640804': 1 });
  });

  it('never lets new rows overtake someone waiting for a place', () => {
    const s = state(100, { used: 10, waitlisted: 4, kecWaitlisted: { '640804': 4 } });
    expect(waitingForGlobalRoom(s)).toBe(4);
    const a = allocate(s, rows('640805', '640805'), COST, 'new');
    expect(a.granted).toBe(0);
    expect(a.enqueued).toBe(2);
    expect(promotable(s, COST)).toBe(true);
  });

  it('does not hold up other kecamatan behind people waiting for a full kecamatan allocation', () => {
    const s = state(100, {
      kecamatanQuotas: { '640804': 5 },
      kecUsed: { '640804': 5 },
      used: 5,
      waitlisted: 3,
      kecWaitlisted: { '640804': 3 },
    });
    expect(waitingForGlobalRoom(s)).toBe(0);
    expect(promotable(s, COST)).toBe(false);
    const a = allocate(s, rows('640804', '640805'), COST, 'new');
    expect(a.grants).toEqual({ '640805': 1 });
    expect(a.guard.waitlisted).toBe(3);
  });

  it('promotes the head of the line, skipping people whose kecamatan is full, and shrinks the line', () => {
    const s = state(3, {
      kecamatanQuotas: { '640804': 0 },
      waitlisted: 4,
      kecWaitlisted: { '640804': 1, '640805': 3 },
    });
    const a = allocate(s, rows('640804', '640805', '640805', '640805'), COST, 'promote');
    expect(a.grants).toEqual({ '640805': 3 });
    expect(a.delta).toMatchObject({ used: 3, waitlisted: -3, kecWaitlisted: { '640805': -3 } });
    expect(a.guard.waitlisted).toBeUndefined();
  });

  it('splits rows by a recorded grant the same way every time', () => {
    const r = [
      { kecamatan: 'a', id: 1 },
      { kecamatan: 'b', id: 2 },
      { kecamatan: 'a', id: 3 },
      { kecamatan: 'b', id: 4 },
    ];
    const { granted, rest } = splitByGrant(r, { a: 1, b: 2 });
    expect(granted.map((x) => x.id)).toEqual([1, 2, 4]);
    expect(rest.map((x) => x.id)).toEqual([3]);
  });
});
