/**
 * The weekly report on the local stack, end to end: uploads across several desa (with rejected, referred and
 * waitlisted rows and an approval hold), a BPJS claims file, then `lindung report --period weekly --send`: one
 * e-mail per configured recipient with the chart inline (Content-ID) and the XLSX attached, whose numbers equal
 * `lindung quota --json`, the coverage counters and the file's matched claims; sending again sends nothing.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeLocal } from '../../local/lambda-runtime.ts';
import { dynamoCoverageCounters } from '../../src/adapters/dynamo-coverage-counters.ts';
import { quotaDepsFor } from '../../src/cli/quota-ops.ts';
import { regencyDay } from '../../src/coverage/rollup.ts';
import { simulatedKpj } from '../../src/enrollment/bpjs/simulator.ts';
import { setProgramme } from '../../src/quota/programme.ts';
import { addDays } from '../../src/reports/period.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import type { Upload } from '../../src/uploads/model.ts';
import { lindungCli } from '../support/lindung-cli.ts';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

process.env.LINDUNG_BPJS_GATEWAY = 'simulator';

const A = '6408042001'; // Sangatta Utara
const B = '6408012001'; // Senyiur, Muara Ancalong
const C = '6408012002'; // Kelinjau Ilir, Muara Ancalong
const RECIPIENTS = regencyConfig.reports?.weekly.recipients ?? [];

describe('weekly report sent from the local stack', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  const today = regencyDay(new Date(), 'Asia/Makassar');
  const asOf = addDays(today, 7); // the week that contains today
  const a = validWorkers(7, { desa: A, firstSerial: 100 });
  const b = validWorkers(3, { desa: B, firstSerial: 200 });
  const c = validWorkers(4, { desa: C, firstSerial: 300 });

  const put = async (key: string, body: string): Promise<void> => {
    await env.clients.s3.send(
      new PutObjectCommand({ Bucket: env.clients.info.bucket, Key: key, Body: body }),
    );
    await env.stack.idle();
  };
  const upload = async (key: string) => {
    const found = (await env.clients.uploads.listRecent(50)).find((u) => u.objectKey === key);
    if (!found) throw new Error(`no upload for ${key}`);
    return found as Upload;
  };
  const getText = async (key: string) => {
    const out = await env.clients.s3.send(
      new GetObjectCommand({ Bucket: env.clients.info.bucket, Key: key }),
    );
    return (await out.Body?.transformToString('utf-8')) ?? '';
  };
  const cli = (...args: string[]) => lindungCli(env.clients.info.dataDir, ...args);

  // Claims: 3 lines by KPJ of covered workers of A, 1 by NIK of a covered worker of B, 1 unknown KPJ.
  const claimsCsv = () =>
    [
      'No KPJ,NIK,Jenis Klaim,Tanggal Kejadian,Tanggal Bayar,Nominal,Penerima,Jenjang',
      `${simulatedKpj(a[0]?.nik ?? '')},,JKK,${today},${today},"Rp 12.500.000",${a[0]?.nama},`,
      `${simulatedKpj(a[1]?.nik ?? '')},,JKM,${today},${today},42000000,Ahli waris ${a[1]?.nama},`,
      `${simulatedKpj(a[2]?.nik ?? '')},,Beasiswa,${today},${today},1.500.000,Anak ${a[2]?.nama},SD`,
      `,${b[0]?.nik},JKK,${today},${today},3.000.000,${b[0]?.nama},`,
      `26999999999,,JKK,${today},${today},9.000.000,Tidak Dikenal,`,
    ].join('\r\n');
  const MATCHED_AMOUNT = 12_500_000 + 42_000_000 + 1_500_000 + 3_000_000;

  beforeAll(async () => {
    env = await freshStack();
    const year = Number(today.slice(0, 4));
    await setProgramme(quotaDepsFor(env.clients), regencyConfig, { quota: 11 }, { year, by: 'test' });
    // A: 6 covered, 1 referred to its employer, 1 rejected row (NIK cut short).
    const employed = a[6];
    if (employed) employed.pemberiKerja = 'PT Kaltim Prima Coal';
    const broken = { ...(validWorkers(1, { desa: A, firstSerial: 900 })[0] ?? a[0]), nik: '640804' };
    await put(`uploads/desa/${A}/januari.csv`, toCsv([...a, broken as (typeof a)[number]]));
    await put(`uploads/desa/${B}/januari.csv`, toCsv(b)); // 3 covered: 9 places used
    // C after the programme starts holding enrollment for approval: 2 places held, 2 waitlisted.
    await setProgramme(
      quotaDepsFor(env.clients),
      regencyConfig,
      { requiresApproval: true },
      { year, by: 'test' },
    );
    await put(`uploads/desa/${C}/januari.csv`, toCsv(c));
    await put('inbound/bpjs/claims/klaim-minggu-ini.csv', claimsCsv());
  }, 240_000);
  afterAll(async () => env?.dispose());

  it('the uploads ended as set up (the report must show these)', async () => {
    expect((await upload(`uploads/desa/${A}/januari.csv`)).outcomes).toMatchObject({
      enrolled: 6,
      referred: 1,
    });
    expect(await upload(`uploads/desa/${C}/januari.csv`)).toMatchObject({
      status: 'AWAITING_APPROVAL',
      outcomes: { reserved: 2, waitlisted: 2 },
    });
  });

  it('a claims file counts its matched lines, reports the unknown KPJ, and a replay changes nothing', async () => {
    const first = JSON.parse(await getText('reports/bpjs-claims/klaim-minggu-ini.csv.json'));
    expect(first).toMatchObject({
      lines: 5,
      applied: 4,
      alreadyApplied: 0,
      unmatched: 1,
      rejected: 0,
      matchedAmount: MATCHED_AMOUNT,
    });
    expect(first.problems).toEqual([
      expect.objectContaining({ row: 6, code: 'UNKNOWN_WORKER', value: '26999999999' }),
    ]);
    expect(await getText('reports/bpjs-claims/klaim-minggu-ini.csv.errors.csv')).toContain('26999999999');

    await put('inbound/bpjs/claims/klaim-minggu-ini-kirim-ulang.csv', claimsCsv());
    const replay = JSON.parse(await getText('reports/bpjs-claims/klaim-minggu-ini-kirim-ulang.csv.json'));
    expect(replay).toMatchObject({ lines: 5, applied: 0, alreadyApplied: 4, unmatched: 1 });
  });

  it('sends one e-mail per recipient with the chart inline and the XLSX, whose numbers match quota and counters', async () => {
    const sent = await cli('report', '--period', 'weekly', '--as-of', asOf, '--send', '--json');
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    const report = JSON.parse(sent.stdout);

    // Every desa of the regency; those that sent nothing listed.
    expect(report.byDesa).toHaveLength(141);
    const silent = new Set(report.desaWithoutUploads.map((d: { code: string }) => d.code));
    expect(silent.size).toBe(138);
    for (const code of [A, B, C]) expect(silent.has(code)).toBe(false);
    expect(report.byDesa.find((d: { code: string }) => d.code === A)).toMatchObject({
      uploads: 1,
      covered: 6,
      rejected: 1,
      referred: 1,
    });
    expect(report.claims).toMatchObject({ count: 4, amount: MATCHED_AMOUNT });
    // The rejected row of A (NIK cut short), read from the period's row-error report: whom the office should call.
    expect(report.rejectionReasons).toEqual([
      expect.objectContaining({ count: 1, desa: [{ code: A, name: 'Sangatta Utara', count: 1 }] }),
    ]);

    const quota = JSON.parse((await cli('quota', '--json')).stdout);
    expect(report).toMatchObject({
      target: quota.quota,
      waitlisted: quota.waitlisted,
      quotaUsed: quota.used,
      budget: { ceiling: quota.budgetCeiling, committed: quota.budgetCommitted },
    });

    // What SES received (the local endpoint's store keeps each SendEmail as it came: bodies and attachments).
    const { emails } = (await (await fetch(`${env.clients.info.ses}/store`)).json()) as {
      emails: Array<{
        messageId: string;
        destination: { to: string[] };
        subject: string;
        body: { html?: string; text?: string };
        attachments?: Array<{
          content: string;
          contentType: string;
          contentId?: string;
          contentDisposition?: string;
          filename?: string;
        }>;
      }>;
    };
    const reports = emails.filter((e) => e.subject.startsWith('Laporan Mingguan'));
    expect(reports.map((e) => e.destination.to[0]).sort()).toEqual([...RECIPIENTS].sort());
    const mail = reports[0];
    const png = mail?.attachments?.find((x) => x.contentType === 'image/png');
    expect(png).toMatchObject({ contentDisposition: 'INLINE', contentId: expect.any(String) });
    expect(mail?.body.html).toContain(`src="cid:${png?.contentId}"`);
    expect(
      Buffer.from(png?.content ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(mail?.body.text).toContain('Desa/kelurahan belum mengirim data: 138 dari 141');
    const xlsx = mail?.attachments?.find((x) => x.filename?.endsWith('.xlsx'));
    expect(xlsx).toMatchObject({ contentDisposition: 'ATTACHMENT' });

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx?.content ?? '', 'base64') as unknown as ArrayBuffer);
    const value = (sheet: string, label: string) => {
      let found: unknown;
      book.getWorksheet(sheet)?.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2).value;
      });
      return found;
    };
    expect(value('Ringkasan', 'Target pekerja (kuota)')).toBe(quota.quota);
    expect(value('Ringkasan', 'Tempat terpakai (kuota)')).toBe(quota.used);
    expect(value('Ringkasan', 'Sisa kuota')).toBe(quota.remaining);
    expect(value('Ringkasan', 'Daftar tunggu')).toBe(quota.waitlisted);
    expect(value('Anggaran', 'Pagu anggaran')).toBe(quota.budgetCeiling);
    expect(value('Anggaran', 'Terikat (komitmen)')).toBe(quota.budgetCommitted);
    expect(value('Klaim', 'Jumlah')).toBe(4);

    // Per desa: the XLSX equals the coverage counters (one query of the programme's counters).
    const snapshot = await dynamoCoverageCounters(
      env.clients.dynamo,
      env.clients.info.tables.programmes,
    ).snapshot({
      regency: '6408',
      year: report.programmeYear,
    });
    const desaSheet = book.getWorksheet('Desa');
    const covered = new Map<string, number>();
    desaSheet?.eachRow((row, n) => {
      if (n > 2) covered.set(String(row.getCell(1).value), Number(row.getCell(5).value));
    });
    expect(covered.size).toBe(141);
    for (const d of snapshot.byDesa) expect(covered.get(d.desa)).toBe(d.enrolled);
    expect(book.getWorksheet('Desa tanpa data')?.rowCount).toBe(2 + 138);

    // The same period again: nothing sent twice.
    const again = await cli('report', '--period', 'weekly', '--as-of', asOf, '--send');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/terkirim \/ sent\s+-/);
    const after = (await (await fetch(`${env.clients.info.ses}/store`)).json()) as { emails: unknown[] };
    expect(after.emails).toHaveLength(emails.length);
  }, 240_000);

  it('the scheduled path: the report function (as the schedule invokes it) stores and sends the monthly report once', async () => {
    const nextMonth = addDays(`${today.slice(0, 7)}-28`, 7).slice(0, 7);
    const input = { kind: 'monthly', asOf: `${nextMonth}-01` };
    const first = (await invokeLocal('send-periodic-report', input)) as {
      periodId: string;
      prefix: string;
      sent: Array<{ to: string }>;
    };
    expect(first.periodId).toBe(`monthly-${today.slice(0, 7)}`);
    expect(first.sent.map((s) => s.to).sort()).toEqual(
      [...(regencyConfig.reports?.monthly.recipients ?? [])].sort(),
    );
    const stored = JSON.parse(await getText(`${first.prefix}report.json`));
    expect(stored).toMatchObject({
      period: 'monthly',
      covered: 9,
      claims: { count: 4, amount: MATCHED_AMOUNT },
    });
    const again = (await invokeLocal('send-periodic-report', input)) as {
      sent: unknown[];
      alreadySent: string[];
    };
    expect(again.sent).toEqual([]);
    expect(again.alreadySent).toHaveLength(first.sent.length);
  });
});
