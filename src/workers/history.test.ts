import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent, REGISTERED_REASON } from './history.ts';

describe('compact worker history', () => {
  const at = '2026-11-29T10:00:00.000Z';
  it('keeps every change with when, why and by what, in a few bytes', () => {
    const changes = [
      { to: 'PENDING' as const, reason: REGISTERED_REASON, by: 'upload:u-1', at },
      {
        to: 'SUBMITTED' as const,
        reason: 'dikirim ke BPJS Ketenagakerjaan (batch u-1-00001)',
        by: 'workflow:u-1',
        at,
      },
      {
        to: 'ENROLLED' as const,
        reason: 'diterima BPJS Ketenagakerjaan, KPJ 26000000001',
        by: 'bpjs-ack:inbound/bpjs/a|b.csv',
        at,
      },
      { to: 'EXITED' as const, reason: 'pindah | moved away', by: 'admin:budi', at },
    ];
    const encoded = changes.map((c) => encodeEvent(c, 'u-1'));
    expect(encoded[0]).toBe('mx1o4740|PENDING|u|#0:');
    expect(encoded[1]).toBe('mx1o4740|SUBMITTED||#3:u-1-00001)');
    for (const e of encoded.slice(0, 2)) expect(e.length).toBeLessThan(40);
    expect(encoded.map((e) => decodeEvent(e, 'u-1'))).toEqual([
      changes[0],
      changes[1],
      { ...changes[2], by: 'bpjs-ack:inbound/bpjs/a/b.csv' },
      changes[3],
    ]);
  });
});

describe('history written before milliseconds', () => {
  it('reads 6-digit times as seconds', () => {
    expect(decodeEvent('tp9d40|PENDING|u|#0:', 'u-1').at).toBe('2026-11-29T10:00:00.000Z');
  });
});
