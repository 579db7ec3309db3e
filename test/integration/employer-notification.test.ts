import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadWorkers } from '../../src/cli/upload-workers.ts';
import { freshStack } from '../support/local-stack.ts';
import { type TestWorker, toCsv, validWorkers } from '../support/worker-rows.ts';

/*
 * Employer notification on the local stack, through the real path: a desa uploads a worker list → the
 * enrollment workflow → its ReferEmployers state (refer-employers) → the employer-notification run
 * `refer-<uploadId>`, on the employer functions' clock (LINDUNG_CLOCK_OFFSET_DAYS sets it to a day of the story),
 * and `lindung employers run --now` (the daily run, as an administrator starts it by hand) for later days.
 *
 * The rules it shows (issue #6): the automatic run after an upload sends a notice to each registry employer
 * outside its window; workers of later uploads within the window wait for the next notice; unknown employers
 * go to the digest to Disnakertrans at most once a day; registered workers drop off; two unanswered notices
 * lead to one escalation; no full NIK anywhere.
 */

const run = promisify(execFile);
const DAY = 86_400_000;
const DISNAKERTRANS = 'disnakertrans@kutaitimurkab.go.id';
const SAWIT = 'hrd@sawitmakmur.co.id';
const BANGUN = 'proyek@bangunjaya.id';
const TOKO = 'toko@contoh.id';
const SAWIT_KEY = 'nib:1234567890123';
const BANGUN_KEY = 'name:bangun jaya konstruksi';
const TOKO_KEY = 'name:toko tidak dikenal';

// Log lines of every handler (Powertools writes JSON lines to stdout): kept to scan for NIKs.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
const logs: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);
const originalErr = process.stderr.write.bind(process.stderr);

const REGISTRY = [
  'NIB,Nama Perusahaan,E-mail,Alamat,Jenis,Nama Proyek,Pemilik Proyek',
  `1234567890123,PT Sawit Makmur Tbk,${SAWIT},Jl. Poros Sangatta KM 5,Perusahaan,,`,
  `,CV Bangun Jaya Konstruksi,${BANGUN},,Proyek Konstruksi,Jalan Poros Sangatta–Bengalon,Dinas PUPR Kutai Timur`,
  ',PT Tanpa Surel,,,Perusahaan,,',
  '9876543210987,PT Nelayan Jaya,kantor@nelayanjaya.co.id,,Perusahaan,,',
].join('\r\n');

function withEmployer(workers: TestWorker[], employers: string[]): TestWorker[] {
  return workers.map((w, i) => ({ ...w, pemberiKerja: employers[i] ?? '' }));
}

// Three uploads: PT Sawit Makmur (registry, by NIB; listed under four spellings), CV Bangun Jaya Konstruksi
// (registry, by name) and "Toko Tidak Dikenal" (not in the registry). Rows without an employer are enrolled.
const u1Workers = withEmployer(validWorkers(6, { desa: '6408042001', firstSerial: 1 }), [
  'PT. SAWIT MAKMUR',
  'PT. SAWIT MAKMUR',
  'Toko Tidak Dikenal',
]);
const u2Workers = withEmployer(validWorkers(4, { desa: '6408042011', firstSerial: 101 }), [
  'Sawit Makmur Tbk',
  'CV Bangun Jaya Konstruksi',
  'Bangun Jaya Konstruksi',
]);
const u3Workers = withEmployer(validWorkers(3, { desa: '6408042012', firstSerial: 201 }), [
  'toko tidak dikenal',
  'Sawit Makmur',
]);
// A fourth upload a day later, within PT Sawit Makmur's window.
const u4Workers = withEmployer(validWorkers(3, { desa: '6408042001', firstSerial: 301 }), [
  'PT Sawit Makmur',
  'PT Sawit Makmur',
]);
const ALL_NIKS = [...u1Workers, ...u2Workers, ...u3Workers, ...u4Workers].map((w) => w.nik);

interface StoredEmail {
  messageId: string;
  destination: { to: string[]; cc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  replyTo: string[];
}

interface RunSummary {
  status?: string;
  employers: number;
  notices: number;
  escalations: number;
  answered: number;
  failedCount: number;
  digest: { sent: boolean; reason?: string; entries: number; workers: number };
}

describe('employer notification through upload → enrollment → ReferEmployers', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  const uploads: Record<string, string> = {};
  const cliOutputs: string[] = [];
  // The employer functions' clock starts at today's noon in Kutai Timur (04:00 UTC), so the runs of one test
  // never straddle a local midnight (the digest is once per local day); later days shift it further.
  const T0 = new Date(`${new Date().toISOString().slice(0, 10)}T04:00:00.000Z`);
  const at = (days: number) => new Date(T0.getTime() + days * DAY).toISOString();
  const clockAt = (days: number) => {
    process.env.LINDUNG_CLOCK_OFFSET_DAYS = String((T0.getTime() - Date.now()) / DAY + days);
  };
  let emlDir: string;

  beforeAll(async () => {
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
      logs.push(String(chunk));
      return (originalWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
      logs.push(String(chunk));
      return (originalErr as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    env = await freshStack();
    clockAt(0);
    emlDir = mkdtempSync(join(tmpdir(), 'lindung-eml-'));
  });
  afterAll(async () => {
    process.stdout.write = originalWrite;
    process.stderr.write = originalErr;
    delete process.env.LINDUNG_CLOCK_OFFSET_DAYS;
    await env?.dispose();
    if (emlDir) rmSync(emlDir, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<string> {
    const out = await run(
      process.execPath,
      ['bin/lindung.mjs', ...args, '--data-dir', env.clients.info.dataDir],
      {
        cwd: new URL('../../', import.meta.url).pathname,
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'INFO' },
      },
    ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`lindung ${args.join(' ')} failed: ${error.message}\n${error.stdout}\n${error.stderr}`);
    });
    cliOutputs.push(out.stdout, out.stderr);
    return out.stdout;
  }

  /** A desa uploads a worker list; waits for the enrollment workflow and the notification run it starts. */
  async function upload(name: string, desa: string, workers: TestWorker[]): Promise<string> {
    const key = `uploads/desa/${desa}/${name}.csv`;
    await env.clients.s3.send(
      new PutObjectCommand({ Bucket: env.clients.info.bucket, Key: key, Body: toCsv(workers) }),
    );
    await env.stack.idle();
    const found = (await env.clients.uploads.listRecent(100)).find((u) => u.objectKey === key);
    if (!found) throw new Error(`no upload for ${key}`);
    return found.uploadId;
  }

  /** The employer-notification run the enrollment workflow started for an upload (`refer-<uploadId>`). */
  async function referRun(uploadId: string): Promise<RunSummary> {
    const machine = env.clients.info.stateMachines.employerNotification ?? '';
    const executionArn = `${machine.replace(':stateMachine:', ':execution:')}:refer-${uploadId}`;
    const d = await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(d.status, `${d.error} ${d.cause}`).toBe('SUCCEEDED');
    return JSON.parse(d.output ?? '{}') as RunSummary;
  }

  /** The daily run, started by hand as of `days` after T0 (`lindung employers run --now`). */
  async function dailyRun(days: number): Promise<RunSummary> {
    const out = JSON.parse(await cli('employers', 'run', '--now', at(days), '--json')) as RunSummary;
    expect(out.status).toBe('SUCCEEDED');
    return out;
  }

  async function outbox(): Promise<StoredEmail[]> {
    const res = await fetch(`${env.clients.info.ses}/store`);
    return ((await res.json()) as { emails: StoredEmail[] }).emails;
  }

  async function employerItems(prefix: string) {
    const out = await env.clients.dynamo.send(
      new ScanCommand({
        TableName: env.clients.info.tables.employers,
        FilterExpression: 'begins_with(sk, :p)',
        ExpressionAttributeValues: { ':p': prefix },
      }),
    );
    return out.Items ?? [];
  }

  /** Referrals as [employer, upload, row, status], sorted. */
  async function referrals() {
    return (await employerItems('REFERRAL#'))
      .map((r) => [r.employerKey, r.uploadId, r.row, r.status] as [string, string, number, string])
      .sort((a, b) => `${a[0]}${a[1]}${a[2]}`.localeCompare(`${b[0]}${b[1]}${b[2]}`));
  }

  async function profileKey(uploadId: string, nik: string): Promise<Record<string, unknown>> {
    const workers = await uploadWorkers(env.clients, uploadId);
    const item = workers.find((i) => i.nik === nik);
    if (!item) throw new Error('worker not found');
    return { pk: `NIK#${item.nikHash}`, sk: 'PROFILE' };
  }

  it('imports the Disnakertrans employer registry', async () => {
    const file = join(env.clients.info.dataDir, 'pemberi-kerja.csv');
    writeFileSync(file, REGISTRY);
    const out = JSON.parse(await cli('employers', 'import', file, '--json'));
    expect(out).toMatchObject({
      status: 'COMPLETED',
      rows: 4,
      employers: 4,
      created: 4,
      rejected: 0,
      warnings: 1,
    });
    expect(out.issues.map((i: { code: string }) => i.code)).toEqual(['NO_EMAIL']);
  }, 60_000);

  it('three uploads, two registry employers and one unknown: exactly two notices and one digest entry; later workers queue', async () => {
    uploads.u1 = await upload('pekerja-1', '6408042001', u1Workers);
    uploads.u2 = await upload('pekerja-2', '6408042011', u2Workers);
    uploads.u3 = await upload('pekerja-3', '6408042012', u3Workers);
    const { u1, u2, u3 } = uploads as Record<'u1' | 'u2' | 'u3', string>;
    const referred = await Promise.all(
      [u1, u2, u3].map(async (id) => (await env.clients.uploads.get(id))?.outcomes?.referred),
    );
    expect(referred).toEqual([3, 3, 2]);

    // Upload 1: PT Sawit Makmur gets its first notice; the unknown employer goes to the day's digest.
    expect(await referRun(u1)).toMatchObject({
      employers: 1,
      notices: 1,
      digest: { sent: true, entries: 1, workers: 1 },
    });
    // Upload 2: CV Bangun Jaya gets its notice; PT Sawit Makmur is within its window (not even due).
    expect(await referRun(u2)).toMatchObject({ employers: 1, notices: 1, digest: { sent: false } });
    // Upload 3: nobody is due; the unknown employer's new worker waits for tomorrow's digest.
    expect(await referRun(u3)).toMatchObject({
      employers: 0,
      notices: 0,
      digest: { sent: false, reason: 'NOT_DUE' },
    });

    const mails = await outbox();
    expect(mails).toHaveLength(3);
    const sawit = mails.filter((m) => m.destination.to.includes(SAWIT));
    const bangun = mails.filter((m) => m.destination.to.includes(BANGUN));
    const digest = mails.filter((m) => m.destination.to.includes(DISNAKERTRANS));
    expect([sawit.length, bangun.length, digest.length]).toEqual([1, 1, 1]);
    expect(sawit[0]?.destination.cc).toEqual([DISNAKERTRANS]);
    expect(sawit[0]?.replyTo).toEqual([DISNAKERTRANS]);
    expect(sawit[0]?.subject).toBe(
      'Pemberitahuan: 2 pekerja PT Sawit Makmur Tbk belum terdaftar BPJS Ketenagakerjaan',
    );
    expect(sawit[0]?.body.text).toContain(`unggahan ${u1}`);
    expect(sawit[0]?.body.html).toContain('<table');
    expect(sawit[0]?.body.text).toContain('Undang-Undang Nomor 24 Tahun 2011');
    expect(sawit[0]?.body.text).toContain('Sangatta Utara');
    expect(bangun[0]?.subject).toBe(
      'Pemberitahuan: 2 pekerja CV Bangun Jaya Konstruksi belum terdaftar BPJS Ketenagakerjaan',
    );
    expect(bangun[0]?.body.text).toContain('per proyek');
    expect(digest[0]?.subject).toMatch(/1 pemberi kerja tidak dikenal, 1 pekerja dirujuk/);
    expect(digest[0]?.body.text).toContain('Toko Tidak Dikenal');

    const contacts = await employerItems('CONTACT#');
    const byRecipient = contacts.map((c) => [c.kind, c.to, c.cc, c.status, c.id]);
    byRecipient.sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(byRecipient).toEqual([
      ['NOTICE', [SAWIT], [DISNAKERTRANS], 'SENT', `refer-${u1}`],
      ['NOTICE', [BANGUN], [DISNAKERTRANS], 'SENT', `refer-${u2}`],
    ]);
    const digests = await employerItems('DIGEST#');
    expect(digests.map((d) => d.entries)).toEqual([
      [{ employerKey: TOKO_KEY, name: 'Toko Tidak Dikenal', reason: 'NOT_IN_REGISTRY', workerCount: 1 }],
    ]);
    // The later uploads' workers of PT Sawit Makmur wait for its next notice.
    expect(await referrals()).toEqual(
      [
        [BANGUN_KEY, u2, 3, 'NOTIFIED'],
        [BANGUN_KEY, u2, 4, 'NOTIFIED'],
        [SAWIT_KEY, u1, 2, 'NOTIFIED'],
        [SAWIT_KEY, u1, 3, 'NOTIFIED'],
        [SAWIT_KEY, u2, 2, 'QUEUED'],
        [SAWIT_KEY, u3, 3, 'QUEUED'],
        [TOKO_KEY, u1, 4, 'QUEUED'],
        [TOKO_KEY, u3, 2, 'QUEUED'],
      ].sort((a, b) => `${a[0]}${a[1]}${a[2]}`.localeCompare(`${b[0]}${b[1]}${b[2]}`)),
    );
  }, 120_000);

  it('a fourth upload the next day, within the window: no notice, its workers queue; the daily digest lists only the new unknown-employer worker', async () => {
    clockAt(1);
    uploads.u4 = await upload('pekerja-4', '6408042001', u4Workers);
    const u4 = uploads.u4 ?? '';
    expect((await env.clients.uploads.get(u4))?.outcomes?.referred).toBe(2);
    expect(await referRun(u4)).toMatchObject({
      employers: 0,
      notices: 0,
      digest: { sent: true, entries: 1, workers: 1 },
    });
    const mails = await outbox();
    expect(mails).toHaveLength(4);
    expect(mails.filter((m) => m.destination.to.includes(SAWIT))).toHaveLength(1);
    const digest = mails[3];
    expect(digest?.destination.to).toEqual([DISNAKERTRANS]);
    expect(digest?.body.text).toContain(`unggahan ${uploads.u3}`);
    expect(digest?.body.text).not.toContain(`unggahan ${uploads.u1}`);
    const queued = (await referrals()).filter(([, upload]) => upload === u4);
    expect(queued).toEqual([
      [SAWIT_KEY, u4, 2, 'QUEUED'],
      [SAWIT_KEY, u4, 3, 'QUEUED'],
    ]);
  }, 120_000);

  it('after the window, registered workers drop off the next notice; an employer with none left gets nothing', async () => {
    const [first] = u1Workers;
    const [, b1, b2] = u2Workers;
    if (!first || !b1 || !b2) throw new Error('test data');
    const marked = JSON.parse(
      await cli('employers', 'mark-registered', first.nik, b1.nik, '--by', 'admin:test', '--json'),
    );
    expect(marked.map((m: { found: boolean }) => m.found)).toEqual([true, true]);
    // BPJS acknowledges the other construction worker: the registry profile gets a KPJ
    await env.clients.dynamo.send(
      new UpdateCommand({
        TableName: env.clients.info.tables.workers,
        Key: await profileKey(uploads.u2 ?? '', b2.nik),
        UpdateExpression: 'SET kpj = :k',
        ExpressionAttributeValues: { ':k': '26012345678' },
      }),
    );

    expect(await dailyRun(15)).toMatchObject({
      notices: 1,
      escalations: 0,
      answered: 1,
      digest: { sent: false, reason: 'NOTHING_NEW' },
    });
    const mails = await outbox();
    expect(mails).toHaveLength(5);
    const second = mails[4];
    expect(second?.destination.to).toEqual([SAWIT]);
    expect(second?.subject).toBe(
      'Pemberitahuan ke-2: 5 pekerja PT Sawit Makmur Tbk belum terdaftar BPJS Ketenagakerjaan',
    );
    for (const id of [uploads.u2, uploads.u3, uploads.u4])
      expect(second?.body.text).toContain(`unggahan ${id}`);
    expect(second?.body.text).not.toContain(`unggahan ${uploads.u1}, baris 2 `);
    expect(second?.body.text).toContain(`unggahan ${uploads.u1}, baris 3 `);
  }, 120_000);

  it('escalates to Disnakertrans once the window after the second unanswered notice', async () => {
    expect(await dailyRun(30)).toMatchObject({ notices: 0, escalations: 1 });
    expect(await dailyRun(30.5)).toMatchObject({ notices: 0, escalations: 0 });
    const mails = await outbox();
    expect(mails).toHaveLength(6);
    const escalations = mails.filter((m) => m.subject.startsWith('Eskalasi'));
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.destination.to).toEqual([DISNAKERTRANS]);
    // Only the worker listed in both notices; the others were in one notice so far.
    expect(escalations[0]?.subject).toBe(
      'Eskalasi: PT Sawit Makmur Tbk belum mendaftarkan 1 pekerja setelah 2 kali pemberitahuan',
    );
    expect(escalations[0]?.body.text).toContain(`unggahan ${uploads.u1}, baris 3 `);
    const recorded = (await employerItems('CONTACT#')).filter((c) => c.kind === 'ESCALATION');
    expect(recorded.map((c) => [c.employerKey, c.to])).toEqual([[SAWIT_KEY, [DISNAKERTRANS]]]);
  }, 120_000);

  it('shows each employer with its counts and dates (lindung employers), and the outbox with .eml files', async () => {
    const rows = JSON.parse(await cli('employers', '--json')) as Array<Record<string, unknown>>;
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey[SAWIT_KEY]).toMatchObject({
      referred: 6,
      outstanding: 5,
      registered: 1,
      notified: 2,
      lastNoticeAt: at(15),
      escalated: 1,
      lastEscalationAt: at(30),
    });
    expect(byKey[BANGUN_KEY]).toMatchObject({ referred: 2, registered: 2, notified: 1, escalated: 0 });
    const bangunNotice = String(byKey[BANGUN_KEY]?.lastNoticeAt);
    expect(bangunNotice > at(0) && bangunNotice < at(0.01)).toBe(true);
    expect(byKey[TOKO_KEY]).toMatchObject({ inRegistry: false, referred: 2, outstanding: 2, notified: 0 });
    expect(byKey['nib:9876543210987']).toMatchObject({ referred: 0, notified: 0 });
    expect(await cli('employers')).toContain('PT Sawit Makmur Tbk (NIB 1234567890123)');

    const entries = JSON.parse(await cli('outbox', '--json', '--eml', emlDir)) as Array<{
      to: string[];
      eml: string;
    }>;
    expect(entries).toHaveLength(6);
    expect(readdirSync(emlDir).filter((f) => f.endsWith('.eml'))).toHaveLength(6);
    const eml = readFileSync(entries[0]?.eml ?? '', 'utf8');
    expect(eml).toMatch(/^Subject: /m);
    expect(eml).toMatch(/Content-Type: text\/html/);
    expect(await cli('outbox', '--to', BANGUN)).toContain('CV Bangun Jaya Konstruksi');
  }, 120_000);

  it('a registry uploaded under uploads/agency/disnakertrans/employers/ makes the unknown employer known: it gets its notice', async () => {
    const key = 'uploads/agency/disnakertrans/employers/pemberi-kerja-tambahan.csv';
    const body = `Nama Pemberi Kerja;E-mail;Jenis\r\nToko Tidak Dikenal;${TOKO};Perusahaan\r\n`;
    await env.clients.s3.send(
      new PutObjectCommand({ Bucket: env.clients.info.bucket, Key: key, Body: body }),
    );
    await env.stack.idle();
    // The upload entry point hands registry files to the import; its report lands under reports/employers/.
    const reports = await env.clients.s3.send(
      new ListObjectsV2Command({ Bucket: env.clients.info.bucket, Prefix: 'reports/employers/' }),
    );
    expect(reports.Contents?.map((o) => o.Key)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^reports\/employers\/.+\/errors\.csv$/)]),
    );
    expect(await env.clients.uploads.listRecent(100)).not.toContainEqual(
      expect.objectContaining({ objectKey: key }),
    );

    expect(await dailyRun(31)).toMatchObject({ notices: 1, escalations: 0 });
    const mails = await outbox();
    expect(mails).toHaveLength(7);
    expect(mails.at(-1)?.destination.to).toEqual([TOKO]);
    expect(mails.at(-1)?.subject).toBe(
      'Pemberitahuan: 2 pekerja Toko Tidak Dikenal belum terdaftar BPJS Ketenagakerjaan',
    );
  }, 120_000);

  it('never puts a full NIK in an e-mail, a .eml file, a log line, CLI output or the employers table', async () => {
    await cli('outbox', '--json', '--eml', emlDir);
    const mails = await outbox();
    const emls = readdirSync(emlDir).map((f) => readFileSync(join(emlDir, f), 'utf8').replace(/=\r?\n/g, ''));
    expect(emls).toHaveLength(7);
    const items = JSON.stringify(await employerItems(''));
    const haystacks = {
      emails: JSON.stringify(mails),
      eml: emls.join('\n'),
      logs: logs.join(''),
      cli: cliOutputs.join('\n'),
      employersTable: items,
    };
    expect(logs.join('')).toContain('employer handled'); // the scan does look at handler logs
    expect(items).toContain('6408**********'); // and at the masked NIKs the table does hold
    for (const [where, text] of Object.entries(haystacks))
      for (const nik of ALL_NIKS) expect(text.includes(nik), `${where} contains a full NIK`).toBe(false);
  });
});
