import { describe, expect, it } from 'vitest';
import { employerKeyFor, normalizeEmployerName, normalizeNib } from './names.ts';

describe('employer names', () => {
  it.each([
    ['PT. SAWIT MAKMUR Tbk', 'sawit makmur'],
    ['Sawit Makmur, PT', 'sawit makmur'],
    ['P.T. Sawit  Makmur', 'sawit makmur'],
    ['PT Sawit Makmur (Persero)', 'sawit makmur'],
    ['cv. bangun-jaya', 'bangun jaya'],
    ['UD Sumber Rezeki', 'sumber rezeki'],
    ['Koperasi Nelayan Sejahtera', 'koperasi nelayan sejahtera'],
    ['PT', 'pt'],
    ['Café Nusantara', 'cafe nusantara'],
  ])('%s → %s', (name, expected) => {
    expect(normalizeEmployerName(name)).toBe(expected);
  });

  it('accepts 13-digit NIBs with separators and as numbers', () => {
    expect(normalizeNib('1234 5678 90123')).toBe('1234567890123');
    expect(normalizeNib("'1234567890123")).toBe('1234567890123');
    expect(normalizeNib(1234567890123)).toBe('1234567890123');
    expect(normalizeNib('12345')).toBeUndefined();
    expect(normalizeNib('')).toBeUndefined();
  });

  it('keys an employer by NIB, else by normalised name', () => {
    expect(employerKeyFor({ nib: '1234567890123', name: 'PT A' })).toBe('nib:1234567890123');
    expect(employerKeyFor({ nib: 'bad', name: 'PT Sawit Makmur' })).toBe('name:sawit makmur');
    expect(employerKeyFor({})).toBeUndefined();
  });
});
