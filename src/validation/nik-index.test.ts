import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NikIndex } from './nik-index.ts';

describe('NikIndex', () => {
  it('remembers the first row of every NIK, like a Map, through growth', () => {
    const nik = fc.stringMatching(/^[1-9]\d{15}$/);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(nik, fc.constantFrom('6408045708900001', '9408045708900001')), { maxLength: 300 }),
        (niks) => {
          const index = new NikIndex(4);
          const map = new Map<string, number>();
          niks.forEach((n, i) => {
            const row = i + 2;
            expect(index.firstRowOf(n, row)).toBe(map.get(n));
            if (!map.has(n)) map.set(n, row);
          });
          expect(index.size).toBe(map.size);
        },
      ),
    );
  });

  it('tells NIKs apart that differ only in one half', () => {
    const index = new NikIndex();
    expect(index.firstRowOf('6408045708900001', 2)).toBeUndefined();
    expect(index.firstRowOf('6408045708900002', 3)).toBeUndefined();
    expect(index.firstRowOf('6408045808900001', 4)).toBeUndefined();
    expect(index.firstRowOf('6408045708900001', 5)).toBe(2);
  });

  it('probes from a home slot worked out ahead, while the capacity it was worked out at holds', () => {
    const index = new NikIndex(2);
    const halves = Array.from({ length: 14 }, (_, i) => [64080457, 8900001 + (i % 10)] as const);
    const homes = new Int32Array(halves.length);
    const capacity = index.capacity;
    halves.forEach(([hi, lo], i) => {
      homes[i] = index.slotOf(hi, lo);
    });
    index.prefetch(homes, halves.length);
    const firsts = halves.map(([hi, lo], i) => {
      // A home worked out before the table grew is stale: work it out again, as the NIK rule does.
      const home = index.capacity === capacity ? (homes[i] as number) : index.slotOf(hi, lo);
      return index.firstRowAt(home, hi, lo, i + 2);
    });
    expect(index.capacity).toBeGreaterThan(capacity);
    expect(firsts).toEqual([...Array(10).fill(undefined), 2, 3, 4, 5]);
    expect(index.size).toBe(10);
  });

  it('tells apart two NIKs whose hashes are equal (same slot, same fingerprint), also after growing', () => {
    // Found by search: both hash to 2069720311.
    const a = '6408040201022431';
    const b = '6408040301021604';
    const index = new NikIndex(2);
    expect(index.firstRowOf(a, 2)).toBeUndefined();
    expect(index.firstRowOf(b, 3)).toBeUndefined();
    for (let k = 0; k < 40; k++) index.firstRowOf(`64080457089${String(10001 + k).padStart(5, '0')}`, 10 + k);
    expect(index.firstRowOf(b, 60)).toBe(3);
    expect(index.firstRowOf(a, 61)).toBe(2);
    expect(index.size).toBe(42);
  });
});
