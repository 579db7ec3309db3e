import { describe, expect, it } from 'vitest';
import { duration, maskNik, num, percent, rupiah } from './format.ts';

describe('dashboard formatting (id-ID)', () => {
  it('writes counts and Rupiah the Indonesian way', () => {
    expect(num(150000)).toBe('150.000');
    expect(rupiah(30240000000).replace(/\s/g, ' ')).toBe('Rp 30.240.000.000');
  });

  it('keeps two digits for small shares so a budget just started is not 0 %', () => {
    expect(percent(6972000, 30240000000)).toBe('0,02%');
    expect(percent(75000, 150000)).toBe('50%');
  });

  it('masks a full NIK if one ever reaches the display, and leaves masked ones alone', () => {
    expect(maskNik('6408045309902001')).toBe('6408**********01');
    expect(maskNik('6408**********01')).toBe('6408**********01');
  });

  it('reads durations in the unit people use', () => {
    expect(duration(640)).toBe('640 ms');
    expect(duration(5900)).toBe('5,9 s');
    expect(duration(125_000)).toBe('2 min 5 s');
  });
});
