import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createNikHasher } from '../shared/nik-hash.ts';
import { type ImportClaimsDeps, importClaims } from './import-claims.ts';
import type { ClaimBucket, MatchedWorker, StoredClaim } from './model.ts';
import { parseRupiah } from './parse-line.ts';
import type { ClaimStore } from './ports.ts';

const hash = createNikHasher('a-test-key-of-sufficient-length');
const COVERED_NIK = '6408044101900001';

/** A store with the adapter's contract: a line applies once, whatever replays. */
function memoryStore(): ClaimStore & { lines: Map<string, StoredClaim>; all: () => ClaimBucket[] } {
  const lines = new Map<string, StoredClaim>();
  const buckets = new Map<string, ClaimBucket>();
  return {
    lines,
    all: () => [...buckets.values()],
    async apply(_regency, claim) {
      if (lines.has(claim.lineId)) return 'already-applied';
      lines.set(claim.lineId, claim);
      const key = `${claim.paidDate.slice(0, 7)}#${claim.type}#${claim.kecamatan}`;
      const b = buckets.get(key) ?? {
        month: claim.paidDate.slice(0, 7),
        type: claim.type,
        kecamatan: claim.kecamatan,
        count: 0,
        amount: 0,
      };
      b.count++;
      b.amount += claim.amount;
      buckets.set(key, b);
      return 'applied';
    },
    async buckets() {
      return [...buckets.values()];
    },
  };
}

function deps(store: ClaimStore): ImportClaimsDeps {
  const workers: Record<string, MatchedWorker> = {
    [hash(COVERED_NIK)]: {
      nikHash: hash(COVERED_NIK),
      desa: '6408042001',
      kecamatan: '640804',
      status: 'ENROLLED',
    },
    [hash('6408044101900002')]: {
      nikHash: hash('6408044101900002'),
      desa: '6408042001',
      kecamatan: '640804',
      status: 'WAITLISTED',
    },
  };
  return {
    regency: '6408',
    hashNik: hash,
    now: () => new Date('2026-11-30T00:00:00Z'),
    store,
    matcher: {
      byKpj: async (kpj) => (kpj === '26000000001' ? workers[hash(COVERED_NIK)] : undefined),
      byNikHash: async (h) => workers[h],
    },
    aliases: { amount: ['Nominal Dibayar (Rp)'] },
  };
}

const csv = (text: string) => ({ name: 'klaim.csv', bytes: Readable.from([Buffer.from(text)]) });
const FILE = [
  'KPJ,NIK,Jenis Klaim,Tanggal Kejadian,Tanggal Bayar,Nominal Dibayar (Rp),Penerima,Jenjang',
  '26000000001,,JKK,01-10-2026,15-10-2026,"Rp 12.500.000",Siti Aminah,',
  `,${COVERED_NIK},Beasiswa,01-07-2026,20-07-2026,1500000,Anak Siti,SMP`,
  '26999999999,,JKM,01-10-2026,15-10-2026,42.000.000,Ahli Waris,',
  ',6408044101900002,JKK,01-10-2026,15-10-2026,1000000,Budi,',
  '26000000001,,Santunan,01-10-2026,09-09-2026,12.5,Siti,',
  '',
].join('\n');

describe('importClaims', () => {
  it('every line ends in one outcome; unknown and never-covered workers are reported, not dropped', async () => {
    const store = memoryStore();
    const s = await importClaims(deps(store), csv(FILE));
    expect(s).toMatchObject({
      lines: 5,
      applied: 2,
      alreadyApplied: 0,
      unmatched: 2,
      rejected: 1,
      matchedAmount: 14_000_000,
    });
    expect(s.applied + s.alreadyApplied + s.unmatched + s.rejected).toBe(s.lines);
    const codes = s.problems.map((p) => `${p.row}:${p.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '4:UNKNOWN_WORKER',
        '5:UNKNOWN_WORKER',
        '6:INVALID_CLAIM_TYPE',
        '6:PAID_BEFORE_EVENT',
        '6:INVALID_AMOUNT',
      ]),
    );
    // The NIK is never shown in full, and never stored.
    expect(JSON.stringify(s)).not.toContain('6408044101900002');
    expect(JSON.stringify([...store.lines.values()])).not.toContain(COVERED_NIK);
    expect(store.all().find((b) => b.type === 'BEASISWA')).toMatchObject({
      month: '2026-07',
      count: 1,
      amount: 1_500_000,
    });
  });

  it('a replayed file (another name, same lines) changes nothing', async () => {
    const store = memoryStore();
    await importClaims(deps(store), csv(FILE));
    const before = JSON.stringify(store.all());
    const again = await importClaims(deps(store), { ...csv(FILE), name: 'klaim-kirim-ulang.csv' });
    expect(again).toMatchObject({ applied: 0, alreadyApplied: 2, unmatched: 2, rejected: 1 });
    expect(JSON.stringify(store.all())).toBe(before);
  });

  it('reads XLSX with real dates and numbers', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Klaim');
    sheet.addRow(['Laporan klaim BPJS Ketenagakerjaan Cabang Sangatta']);
    sheet.addRow(['No KPJ', 'Jenis', 'Tgl Kejadian', 'Tgl Bayar', 'Jumlah', 'Ahli Waris']);
    sheet.addRow([
      '26000000001',
      'JKM',
      new Date(Date.UTC(2026, 8, 1)),
      new Date(Date.UTC(2026, 8, 20)),
      42_000_000,
      'Budi',
    ]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const store = memoryStore();
    const s = await importClaims(deps(store), { name: 'klaim.xlsx', bytes: Readable.from([bytes]) });
    expect(s).toMatchObject({ lines: 1, applied: 1, matchedAmount: 42_000_000 });
    expect([...store.lines.values()][0]).toMatchObject({
      type: 'JKM',
      eventDate: '2026-09-01',
      paidDate: '2026-09-20',
    });
  });

  it('a file without the needed columns is refused whole, in both languages', async () => {
    const s = await importClaims(deps(memoryStore()), csv('Nama,Alamat,Jenis Klaim\nSiti,Sangatta,JKK\n'));
    expect(s.fileError?.code).toBe('MISSING_COLUMNS');
    expect(s.fileError?.message).toContain('Kolom wajib tidak ditemukan');
    expect(s.fileError?.messageEn).toContain('Required columns not found');
    expect(s.applied).toBe(0);
  });
});

describe('parseRupiah', () => {
  it.each([
    ['Rp 1.500.000', 1_500_000],
    ['1,500,000', 1_500_000],
    ['1.500.000,00', 1_500_000],
    ['355000000', 355_000_000],
    [42_000_000, 42_000_000],
  ])('%s → %d', (text, value) => expect(parseRupiah(text)).toBe(value));
  it.each(['12.5', '-100', '0', '1.500.00', 'seratus ribu', 1.5])('%s is refused', (text) =>
    expect(parseRupiah(text)).toBeNull(),
  );
});
