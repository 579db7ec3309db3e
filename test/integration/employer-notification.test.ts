import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, invokeLocal, localFunctionArn, substitutionName } from '../../local/lambda-runtime.ts';
import { freshStack } from '../support/local-stack.ts';
import { type TestWorker, toCsv, validWorkers } from '../support/worker-rows.ts';

/*
 * Employer notification on the local stack: referred workers from several uploads, two registry employers
 * and one unknown, the window, registrations dropping workers off, escalation, and no full NIK anywhere.
 * Until the enrollment workflow calls refer-employers itself, runs are started through the Step Functions
 * API (and refer-employers is invoked as the enrollment workflow will invoke it).
 */

const run = promisify(execFile);
const DAY = 86_400_000;
const DISNAKERTRANS = 'disnakertrans@kutaitimurkab.go.id';
const SAWIT = 'hrd@sawitmakmur.co.id';
const BANGUN = 'proyek@bangunjaya.id';
const NELAYAN = 'kantor@nelayanjaya.co.id';

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
  `9876543210987,PT Nelayan Jaya,${NELAYAN},,Perusahaan,,`,
].join('\r\n');

function withEmployer(workers: TestWorker[], employers: string[]): TestWorker[] {
  return workers.map((w, i) => ({ ...w, pemberiKerja: employers[i] ?? '' }));
}

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
const u4Workers = withEmployer(validWorkers(3, { desa: '6408042001', firstSerial: 301 }), [
  'PT Sawit Makmur',
  'PT Sawit Makmur',
]);
const u5Workers = withEmployer(validWorkers(3, { desa: '6408042011', firstSerial: 401 }), [
  'PT Nelayan Jaya',
  'Nelayan Jaya',
]);
const ALL_NIKS = [...u1Workers, ...u2Workers, ...u3Workers, ...u4Workers, ...u5Workers].map((w) => w.nik);

interface StoredEmail {
  messageId: string;
  destination: { to: string[]; cc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  replyTo: string[];
}

describe('employer notification on the local stack', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  const uploads: Record<string, string> = {};
  const cliOutputs: string[] = [];
  const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);
  const at = (days: number) => new Date(T0.getTime() + days * DAY).toISOString();
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
    emlDir = mkdtempSync(join(tmpdir(), 'lindung-eml-'));
  });
  afterAll(async () => {
    process.stdout.write = originalWrite;
    process.stderr.write = originalErr;
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

  async function notificationRun(name: string, input: Record<string, unknown>) {
    const stateMachineArn = env.clients.info.stateMachines.employerNotification ?? '';
    const start = await env.clients.sfn.send(
      new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
    );
    await env.stack.idle();
    const d = await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn: start.executionArn }));
    expect(d.status, `${d.error} ${d.cause}`).toBe('SUCCEEDED');
    return JSON.parse(d.output ?? '{}') as {
      notices: number;
      escalations: number;
      answered: number;
      digest: { sent: boolean; entries: number };
    };
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

  async function profileKey(uploadId: string, nik: string): Promise<Record<string, unknown>> {
    const out = await env.clients.dynamo.send(
      new QueryCommand({
        TableName: env.clients.info.tables.workers,
        IndexName: 'byUpload',
        KeyConditionExpression: 'uploadId = :u',
        ExpressionAttributeValues: { ':u': uploadId },
      }),
    );
    const item = out.Items?.find((i) => i.nik === nik);
    if (!item) throw new Error('worker not found');
    return { pk: item.pk, sk: item.sk };
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

  it('sends exactly two notices and one digest entry for referred workers of three uploads', async () => {
    uploads.u1 = await upload('pekerja-1', '6408042001', u1Workers);
    uploads.u2 = await upload('pekerja-2', '6408042011', u2Workers);
    uploads.u3 = await upload('pekerja-3', '6408042012', u3Workers);
    const referred = await Promise.all(
      Object.values(uploads).map(async (id) => (await env.clients.uploads.get(id))?.outcomes?.referred),
    );
    expect(referred).toEqual([3, 3, 2]);

    const summary = await notificationRun('run-t0', {
      uploadIds: [uploads.u1, uploads.u2, uploads.u3],
      now: at(0),
    });
    expect(summary).toMatchObject({ notices: 2, escalations: 0, digest: { sent: true, entries: 1 } });

    const mails = await outbox();
    expect(mails).toHaveLength(3);
    const sawit = mails.find((m) => m.destination.to.includes(SAWIT));
    const bangun = mails.find((m) => m.destination.to.includes(BANGUN));
    const digest = mails.find((m) => m.destination.to.includes(DISNAKERTRANS));
    expect(sawit?.destination.cc).toEqual([DISNAKERTRANS]);
    expect(sawit?.replyTo).toEqual([DISNAKERTRANS]);
    expect(sawit?.subject).toBe(
      'Pemberitahuan: 4 pekerja PT Sawit Makmur Tbk belum terdaftar BPJS Ketenagakerjaan',
    );
    for (const id of [uploads.u1, uploads.u2, uploads.u3])
      expect(sawit?.body.text).toContain(`unggahan ${id}`);
    expect(sawit?.body.html).toContain('<table');
    expect(sawit?.body.text).toContain('Undang-Undang Nomor 24 Tahun 2011');
    expect(sawit?.body.text).toContain('Sangatta Utara');
    expect(bangun?.subject).toBe(
      'Pemberitahuan: 2 pekerja CV Bangun Jaya Konstruksi belum terdaftar BPJS Ketenagakerjaan',
    );
    expect(bangun?.body.text).toContain('per proyek');
    expect(digest?.subject).toMatch(/1 pemberi kerja tidak dikenal, 2 pekerja dirujuk/);
    expect(digest?.body.text).toContain('Toko Tidak Dikenal');

    const contacts = await employerItems('CONTACT#');
    expect(contacts.map((c) => [c.kind, c.to, c.cc, c.status]).sort()).toEqual([
      ['NOTICE', [SAWIT], [DISNAKERTRANS], 'SENT'],
      ['NOTICE', [BANGUN], [DISNAKERTRANS], 'SENT'],
    ]);
    const digests = await employerItems('DIGEST#');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.entries).toEqual([
      {
        employerKey: 'name:toko tidak dikenal',
        name: 'Toko Tidak Dikenal',
        reason: 'NOT_IN_REGISTRY',
        workerCount: 2,
      },
    ]);
  }, 120_000);

  it('queues a fourth upload within the window for the next notice (the path the enrollment workflow takes)', async () => {
    uploads.u4 = await upload('pekerja-4', '6408042001', u4Workers);
    process.env.LINDUNG_CLOCK_OFFSET_DAYS = '1';
    try {
      const out = (await invokeLocal('refer-employers', { uploadId: uploads.u4 })) as {
        queued: number;
        executionArn: string;
      };
      expect(out.queued).toBe(2);
      expect(out.executionArn).toContain(`:execution:lindung-employer-notification:refer-${uploads.u4}`);
      await env.stack.idle();
      const d = await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn: out.executionArn }));
      expect(d.status).toBe('SUCCEEDED');
      expect(JSON.parse(d.output ?? '{}')).toMatchObject({ employers: 0, notices: 0 });
    } finally {
      delete process.env.LINDUNG_CLOCK_OFFSET_DAYS;
    }
    expect(await outbox()).toHaveLength(3);
    const queued = (await employerItems('REFERRAL#')).filter((r) => r.uploadId === uploads.u4);
    expect(queued.map((r) => [r.employerKey, r.status])).toEqual([
      ['nib:1234567890123', 'QUEUED'],
      ['nib:1234567890123', 'QUEUED'],
    ]);
  }, 120_000);

  it('drops registered workers off the next notice after the window; an employer with none left gets nothing', async () => {
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

    const summary = await notificationRun('run-t15', { now: at(15) });
    expect(summary).toMatchObject({ notices: 1, escalations: 0, answered: 1 });
    const mails = await outbox();
    expect(mails).toHaveLength(4);
    const second = mails[3];
    expect(second?.destination.to).toEqual([SAWIT]);
    expect(second?.subject).toBe(
      'Pemberitahuan ke-2: 5 pekerja PT Sawit Makmur Tbk belum terdaftar BPJS Ketenagakerjaan',
    );
    expect(second?.body.text).toContain(`unggahan ${uploads.u4}`);
    expect(second?.body.text).not.toContain(`unggahan ${uploads.u1}, baris 2 `);
    expect(second?.body.text).toContain(`unggahan ${uploads.u1}, baris 3 `);
  }, 120_000);

  it('escalates to Disnakertrans once after two unanswered notices', async () => {
    const summary = await notificationRun('run-t30', { now: at(30) });
    expect(summary).toMatchObject({ notices: 0, escalations: 1 });
    const again = await notificationRun('run-t30b', { now: at(30.5) });
    expect(again).toMatchObject({ notices: 0, escalations: 0 });
    const mails = await outbox();
    expect(mails).toHaveLength(5);
    const escalations = mails.filter((m) => m.subject.startsWith('Eskalasi'));
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.destination.to).toEqual([DISNAKERTRANS]);
    expect(escalations[0]?.subject).toBe(
      'Eskalasi: PT Sawit Makmur Tbk belum mendaftarkan 3 pekerja setelah 2 kali pemberitahuan',
    );
    const recorded = (await employerItems('CONTACT#')).filter((c) => c.kind === 'ESCALATION');
    expect(recorded.map((c) => [c.employerKey, c.to])).toEqual([['nib:1234567890123', [DISNAKERTRANS]]]);
  }, 120_000);

  it('shows each employer with its counts and dates, and the outbox with .eml files', async () => {
    const rows = JSON.parse(await cli('employers', '--json')) as Array<Record<string, unknown>>;
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey['nib:1234567890123']).toMatchObject({
      referred: 6,
      outstanding: 5,
      registered: 1,
      notified: 2,
      lastNoticeAt: at(15),
      escalated: 1,
      lastEscalationAt: at(30),
    });
    expect(byKey['name:bangun jaya konstruksi']).toMatchObject({
      referred: 2,
      registered: 2,
      notified: 1,
      escalated: 0,
    });
    expect(byKey['name:toko tidak dikenal']).toMatchObject({ inRegistry: false, referred: 2, notified: 0 });
    expect(await cli('employers')).toContain('PT Sawit Makmur Tbk (NIB 1234567890123)');

    const entries = JSON.parse(await cli('outbox', '--json', '--eml', emlDir)) as Array<{
      to: string[];
      eml: string;
    }>;
    expect(entries).toHaveLength(5);
    expect(readdirSync(emlDir).filter((f) => f.endsWith('.eml'))).toHaveLength(5);
    const eml = readFileSync(entries[0]?.eml ?? '', 'utf8');
    expect(eml).toMatch(/^Subject: /m);
    expect(eml).toMatch(/Content-Type: text\/html/);
    expect(await cli('outbox', '--to', BANGUN)).toContain('CV Bangun Jaya Konstruksi');
  }, 120_000);

  it('imports a registry uploaded under uploads/agency/disnakertrans/employers/; the unknown employer then gets its notice', async () => {
    const key = 'uploads/agency/disnakertrans/employers/pemberi-kerja-tambahan.csv';
    const body = 'Nama Pemberi Kerja;E-mail;Jenis\r\nToko Tidak Dikenal;toko@contoh.id;Perusahaan\r\n';
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

    const summary = await notificationRun('run-t31', { now: at(31) });
    expect(summary).toMatchObject({ notices: 1, escalations: 0 });
    const last = (await outbox()).at(-1);
    expect(last?.destination.to).toEqual(['toko@contoh.id']);
    expect(last?.subject).toBe(
      'Pemberitahuan: 2 pekerja Toko Tidak Dikenal belum terdaftar BPJS Ketenagakerjaan',
    );
  }, 120_000);

  it('refers an upload to employer notification from the enrollment workflow itself (ReferEmployers state)', async () => {
    useEnrollmentWithReferral(env.stack, env.clients.info.region);
    uploads.u5 = await upload('pekerja-5', '6408042011', u5Workers);
    expect((await env.clients.uploads.get(uploads.u5))?.outcomes?.referred).toBe(2);
    const machine = env.clients.info.stateMachines.employerNotification ?? '';
    const executionArn = `${machine.replace(':stateMachine:', ':execution:')}:refer-${uploads.u5}`;
    const d = await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(d.status).toBe('SUCCEEDED');
    const last = (await outbox()).at(-1);
    expect(last?.destination.to).toEqual([NELAYAN]);
    expect(last?.subject).toBe(
      'Pemberitahuan: 2 pekerja PT Nelayan Jaya belum terdaftar BPJS Ketenagakerjaan',
    );
  }, 120_000);

  it('never puts a full NIK in an e-mail, a log line, CLI output or the employers table', async () => {
    const mails = await outbox();
    const emls = readdirSync(emlDir).map((f) => readFileSync(join(emlDir, f), 'utf8').replace(/=\r?\n/g, ''));
    const items = JSON.stringify(await employerItems(''));
    const haystacks = {
      emails: JSON.stringify(mails),
      eml: emls.join('\n'),
      logs: logs.join(''),
      cli: cliOutputs.join('\n'),
      employersTable: items,
    };
    expect(logs.join('')).toContain('employer handled'); // the scan does look at handler logs
    for (const [where, text] of Object.entries(haystacks))
      for (const nik of ALL_NIKS) expect(text.includes(nik), `${where} contains a full NIK`).toBe(false);
  });
});

/**
 * The state the enrollment workflow gets after its chunk Map (ProcessChunks.Next = ReferEmployers, then
 * FinalizeUpload). Until workflows/enrollment.asl.json has it, this test inserts it into the definition it
 * registers, so the real path (upload → enrollment → refer-employers → employer notification) is exercised.
 */
const REFER_EMPLOYERS_STATE = {
  Type: 'Task',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL substitution placeholder, not a template
  Resource: '${ReferEmployersFunctionArn}',
  Comment:
    "Queues this upload's REFERRED workers under their employers and starts the employer-notification workflow (execution refer-<uploadId>; idempotent).",
  TimeoutSeconds: 300,
  Parameters: { 'uploadId.$': '$.uploadId' },
  ResultPath: null,
  Retry: [
    {
      ErrorEquals: [
        'Lambda.ServiceException',
        'Lambda.AWSLambdaException',
        'Lambda.SdkClientException',
        'Lambda.TooManyRequestsException',
        'States.Timeout',
      ],
      IntervalSeconds: 2,
      MaxAttempts: 6,
      BackoffRate: 2,
      MaxDelaySeconds: 60,
      JitterStrategy: 'FULL',
    },
    {
      ErrorEquals: ['States.TaskFailed'],
      IntervalSeconds: 3,
      MaxAttempts: 3,
      BackoffRate: 2,
      MaxDelaySeconds: 30,
      JitterStrategy: 'FULL',
    },
  ],
  Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }],
  Next: 'FinalizeUpload',
};

/**
 * Registers the enrollment workflow with the ReferEmployers state after ProcessChunks, unless
 * workflows/enrollment.asl.json has it already (then the file is used as it is).
 */
function useEnrollmentWithReferral(
  stack: { stepFunctions: { registerStateMachine(n: string, d: string): unknown } },
  region: string,
) {
  const file = new URL('../../workflows/enrollment.asl.json', import.meta.url);
  const definition = JSON.parse(readFileSync(file, 'utf8')) as { States: Record<string, { Next?: string }> };
  if (definition.States.ReferEmployers) return;
  const states: Record<string, unknown> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    states[name] = name === 'ProcessChunks' ? { ...state, Next: 'ReferEmployers' } : state;
    if (name === 'ProcessChunks') states.ReferEmployers = REFER_EMPLOYERS_STATE;
  }
  const arns = Object.fromEntries(FUNCTIONS.map((f) => [substitutionName(f), localFunctionArn(region, f)]));
  const text = JSON.stringify({ ...definition, States: states }).replace(
    /\$\{(\w+)\}/g,
    (whole, name: string) => arns[name] ?? whole,
  );
  stack.stepFunctions.registerStateMachine('lindung-enrollment', text);
}
