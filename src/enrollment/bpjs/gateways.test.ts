import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/seeded-random.ts';
import { fileExchangeGateway, parseAcknowledgement } from './file-exchange.ts';
import type { EnrollmentBatch } from './gateway.ts';
import { httpGateway } from './http.ts';
import { bpjsSimulator, simulatedKpj } from './simulator.ts';

const batch: EnrollmentBatch = {
  batchId: '20261123-abc-00001',
  createdAt: '2026-11-23T10:00:00.000Z',
  periodStart: '2026-12-01',
  periodEnd: '2026-12-31',
  monthlyContribution: 16_800,
  participants: [
    {
      nik: '6408045203850101',
      name: 'Siti Aminah',
      birthDate: '1985-03-12',
      gender: 'P',
      desa: '6408042001',
      kecamatan: '640804',
      occupation: 'Pedagang',
    },
    {
      nik: '6408040211799995',
      name: 'Budi Santoso',
      birthDate: '1979-11-02',
      gender: 'L',
      desa: '6408042001',
      kecamatan: '640804',
      occupation: 'Buruh',
    },
  ],
};

describe('BPJS simulator', () => {
  it('accepts known NIKs with a stable KPJ and rejects NIKs unknown to Dukcapil', async () => {
    const result = await bpjsSimulator({ failureRate: 0, latencyMs: 0 }).submit(batch);
    expect(result).toEqual({
      mode: 'sync',
      results: [
        {
          nik: '6408045203850101',
          outcome: 'ACCEPTED',
          kpj: simulatedKpj('6408045203850101'),
          coverageStart: '2026-12-01',
        },
        { nik: '6408040211799995', outcome: 'REJECTED', reason: expect.stringContaining('Dukcapil') },
      ],
    });
    expect(simulatedKpj('6408045203850101')).toMatch(/^26\d{9}$/);
  });

  it('fails transiently at the configured rate, so Step Functions retries', async () => {
    const gateway = bpjsSimulator({ failureRate: 0.3, latencyMs: 0, random: () => 0.1 });
    await expect(gateway.submit(batch)).rejects.toMatchObject({ name: 'BpjsTransientError' });
  });

  it('fails in a repeatable order from a seed, at about the configured rate', async () => {
    const draws = (seed: number) => Array.from({ length: 10_000 }, seededRandom(seed));
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7).slice(0, 2)).not.toEqual(draws(8).slice(0, 2));
    const failures = draws(7).filter((x) => x >= 0 && x < 1 && x < 0.3).length;
    expect(failures).toBeGreaterThan(2_800);
    expect(failures).toBeLessThan(3_200);
    const gateway = bpjsSimulator({ failureRate: 0.3, latencyMs: 0, random: seededRandom(7) });
    await expect(gateway.submit(batch)).rejects.toMatchObject({ name: 'BpjsTransientError' });
  });
});

describe('file exchange with the BPJS branch office', () => {
  it('writes the batch as CSV and XLSX under outbound/bpjs/<date>/, NIK kept as text', async () => {
    const files = new Map<string, string | Uint8Array>();
    const gateway = fileExchangeGateway(
      { put: async (key, body) => void files.set(key, body) },
      (code) => `Desa ${code}`,
    );
    expect(await gateway.submit(batch)).toEqual({
      mode: 'async',
      files: [
        'outbound/bpjs/2026-11-23/20261123-abc-00001.csv',
        'outbound/bpjs/2026-11-23/20261123-abc-00001.xlsx',
      ],
    });
    const csv = String(files.get('outbound/bpjs/2026-11-23/20261123-abc-00001.csv'));
    expect(csv.split('\r\n')[1]).toBe(
      '20261123-abc-00001,6408045203850101,Siti Aminah,1985-03-12,P,Desa 6408042001,6408042001,Pedagang,,JKK+JKM,2026-12-01,2026-12-31,16800',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      Buffer.from(files.get('outbound/bpjs/2026-11-23/20261123-abc-00001.xlsx') as Uint8Array) as never,
    );
    const cell = wb.worksheets[0]?.getRow(2).getCell(2);
    expect(cell?.value).toBe('6408045203850101');
    expect(cell?.numFmt).toBe('@');
  });

  it('reads an acknowledgement with acceptances, rejections and unreadable lines (reported, not dropped)', () => {
    const ack = parseAcknowledgement(
      [
        'BATCH_ID,NIK,STATUS,KPJ,TANGGAL_MULAI,ALASAN',
        '20261123-abc-00001,6408045203850101,DITERIMA,26123456789,01-12-2026,',
        '20261123-abc-00001,6408040211799995,DITOLAK,,,NIK tidak ditemukan',
        '20261123-abc-00001,6408040211,DITERIMA,26123456780,2026-12-01,',
        '20261123-abc-00001,6408040211790102,MENUNGGU,,,',
        ',6408040211790103,DITERIMA,26123456781,2026-12-01,',
      ].join('\n'),
    );
    expect(ack.batchIds).toEqual(['20261123-abc-00001']);
    const batchId = '20261123-abc-00001';
    expect(ack.results).toEqual([
      {
        batchId,
        nik: '6408045203850101',
        outcome: 'ACCEPTED',
        kpj: '26123456789',
        coverageStart: '2026-12-01',
      },
      { batchId, nik: '6408040211799995', outcome: 'REJECTED', reason: 'NIK tidak ditemukan' },
    ]);
    expect(ack.problems).toEqual([
      { line: 4, reason: 'NIK is not 16 digits' },
      { line: 5, reason: 'unknown STATUS "MENUNGGU"' },
      { line: 6, reason: 'no BATCH_ID: the answer names no batch, so it is not applied' },
    ]);
  });
});

describe('HTTP gateway', () => {
  async function withServer(
    status: number,
    body: unknown,
    run: (url: string, seen: Array<Record<string, unknown>>) => Promise<void>,
  ) {
    const seen: Array<Record<string, unknown>> = [];
    const server = createServer((req, res) => {
      seen.push({ key: req.headers['idempotency-key'], auth: req.headers.authorization });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/enroll`, seen);
    } finally {
      server.close();
    }
  }

  it('sends the batch with its id as the idempotency key and returns the answers', async () => {
    const results = [
      { nik: '6408045203850101', outcome: 'ACCEPTED', kpj: '26000000001', coverageStart: '2026-12-01' },
    ];
    await withServer(200, { results }, async (url, seen) => {
      const gateway = httpGateway({ endpoint: url, token: async () => 't0k3n', timeoutMs: 2000 });
      expect(await gateway.submit(batch)).toEqual({ mode: 'sync', results });
      expect(seen).toEqual([{ key: '20261123-abc-00001', auth: 'Bearer t0k3n' }]);
    });
  });

  it('treats 503 as transient and 400 as permanent', async () => {
    await withServer(503, {}, async (url) => {
      const gateway = httpGateway({ endpoint: url, token: async () => 't', timeoutMs: 2000 });
      await expect(gateway.submit(batch)).rejects.toMatchObject({ name: 'BpjsTransientError' });
    });
    await withServer(400, {}, async (url) => {
      const gateway = httpGateway({ endpoint: url, token: async () => 't', timeoutMs: 2000 });
      await expect(gateway.submit(batch)).rejects.toMatchObject({ name: 'BpjsPermanentError' });
    });
  });
});
