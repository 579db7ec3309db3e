import { describe, expect, it } from 'vitest';
import { encodeNik } from '../validation/nik.ts';
import { sendDigest } from './digest.ts';
import { markRegistered } from './mark-registered.ts';
import { decide, notifyEmployer } from './notify-employer.ts';
import { employerOverview } from './overview.ts';
import { planRun } from './plan-run.ts';
import type { ReferredWorker } from './ports.ts';
import { queueReferrals } from './queue-referrals.ts';
import { addDays, digestDueAfter } from './settings.ts';
import { memoryEmployerStore, memoryMailer, memoryWorkers, testSettings } from './testing.ts';

const T0 = '2026-11-23T02:00:00.000Z';

let serial = 0;
function worker(uploadId: string, employer: ReferredWorker['employer']): ReferredWorker {
  serial += 1;
  const nik = encodeNik({
    kecamatan: '640804',
    birthDate: { year: 1980 + (serial % 20), month: 1 + (serial % 12), day: 1 + (serial % 28) },
    gender: serial % 2 ? 'L' : 'P',
    serial,
  });
  return {
    nikHash: `hash-${serial}`,
    nik,
    name: `Pekerja ${serial}`,
    desa: '6408042001',
    kecamatan: '640804',
    uploadId,
    row: serial + 1,
    ...(employer ? { employer } : {}),
  };
}

function setup() {
  const store = memoryEmployerStore();
  const workers = memoryWorkers();
  const mailer = memoryMailer();
  const places = () => ({ desa: 'Sangatta Utara', kecamatan: 'Sangatta Utara' });
  const deps = { store, workers, mailer, places, settings: testSettings };
  const registry = async () => {
    await store.upsertRegistry(
      {
        key: 'nib:1234567890123',
        nib: '1234567890123',
        name: 'PT Sawit Makmur Tbk',
        normalizedName: 'sawit makmur',
        emails: ['hrd@sawitmakmur.co.id'],
        type: 'company',
        projects: [],
      },
      T0,
    );
    await store.upsertRegistry(
      {
        key: 'name:bangun jaya konstruksi',
        name: 'CV Bangun Jaya Konstruksi',
        normalizedName: 'bangun jaya konstruksi',
        emails: ['proyek@bangunjaya.id'],
        type: 'construction',
        projects: [{ name: 'Jalan Poros Sangatta–Bengalon', owner: 'Dinas PUPR Kutai Timur' }],
      },
      T0,
    );
  };
  /** One run as the workflow does it: plan, notify each due employer, digest. */
  const run = async (runId: string, now: string, input: { uploadIds?: string[] } = {}) => {
    const plan = await planRun(deps, { runId, now, ...input });
    const results = [];
    for (const employerKey of plan.employers)
      results.push(await notifyEmployer(deps, { employerKey, runId, now }));
    const digest = await sendDigest(deps, { runId, now });
    return { plan, results, digest };
  };
  return { store, workers, mailer, deps, registry, run };
}

describe('employer notification', () => {
  it('sends one notice per registry employer for workers from several uploads, and digests the unknown one', async () => {
    const { workers, mailer, registry, run, store } = setup();
    await registry();
    workers.workers.push(
      worker('u1', { name: 'PT. SAWIT MAKMUR' }),
      worker('u1', { name: 'Toko Tidak Dikenal' }),
      worker('u2', { name: 'Sawit Makmur, PT', nib: '1234567890123' }),
      worker('u2', { name: 'Bangun Jaya Konstruksi', project: 'Jalan Poros Sangatta–Bengalon' }),
      worker('u3', { name: 'cv bangun jaya konstruksi' }),
      worker('u3', { name: 'Lain Lagi', nib: '9999999999999' }),
    );
    const { plan, results, digest } = await run('run-1', T0, { uploadIds: ['u1', 'u2', 'u3'] });
    expect(plan.queued).toBe(6);
    expect(plan.employers).toEqual(['name:bangun jaya konstruksi', 'nib:1234567890123']);
    expect(results.map((r) => [r.employerKey, r.action, r.listed])).toEqual([
      ['name:bangun jaya konstruksi', 'NOTICE', 2],
      ['nib:1234567890123', 'NOTICE', 2],
    ]);
    expect(digest).toMatchObject({ sent: true, entries: 2, workers: 2 });
    expect(mailer.sent).toHaveLength(3);
    const [construction, company, digestMail] = mailer.sent;
    expect(company?.to).toEqual(['hrd@sawitmakmur.co.id']);
    expect(company?.cc).toEqual(['disnakertrans@kutaitimurkab.go.id']);
    expect(company?.replyTo).toEqual(['disnakertrans@kutaitimurkab.go.id']);
    expect(company?.subject).toBe(
      'Pemberitahuan: 2 pekerja PT Sawit Makmur Tbk belum terdaftar BPJS Ketenagakerjaan',
    );
    expect(company?.text).toContain('Pasal 15 ayat (1)');
    expect(company?.text).toContain('paling lambat 7 Desember 2026');
    expect(company?.text).not.toContain('Permenaker');
    expect(construction?.text).toContain('Peraturan Menteri Ketenagakerjaan Nomor 5 Tahun 2021');
    expect(construction?.text).toContain(
      'per proyek (Jalan Poros Sangatta–Bengalon (pemilik proyek: Dinas PUPR Kutai Timur))',
    );
    expect(digestMail?.to).toEqual(['disnakertrans@kutaitimurkab.go.id']);
    expect(digestMail?.text).toContain('Toko Tidak Dikenal');
    expect(digestMail?.text).toContain('Lain Lagi (NIB 9999999999999)');
    // masked NIKs only
    for (const mail of mailer.sent)
      for (const w of workers.workers) {
        expect(mail.html).not.toContain(w.nik);
        expect(mail.text).not.toContain(w.nik);
        expect(mail.text).not.toContain(w.nik.slice(4, 14));
      }
    expect(company?.text).toContain(`${workers.workers[0]?.nik.slice(0, 4)}**********`);
    expect(store.contacts.map((c) => [c.employerKey, c.kind, c.status, c.to])).toEqual([
      ['name:bangun jaya konstruksi', 'NOTICE', 'SENT', ['proyek@bangunjaya.id']],
      ['nib:1234567890123', 'NOTICE', 'SENT', ['hrd@sawitmakmur.co.id']],
    ]);
    expect(store.digests).toHaveLength(1);
    expect(store.digests[0]?.entries.map((e) => e.reason)).toEqual(['NOT_IN_REGISTRY', 'NOT_IN_REGISTRY']);
  });

  it('holds workers referred within the window for the next notice, then escalates after two unanswered notices', async () => {
    const { workers, mailer, registry, run, store } = setup();
    await registry();
    workers.workers.push(
      worker('u1', { name: 'PT Sawit Makmur' }),
      worker('u1', { name: 'PT Sawit Makmur' }),
    );
    await run('run-1', T0, { uploadIds: ['u1'] });
    expect(mailer.sent).toHaveLength(1);

    workers.workers.push(worker('u4', { name: 'Sawit Makmur' }));
    const later = await run('run-2', addDays(T0, 1), { uploadIds: ['u4'] });
    expect(later.plan.queued).toBe(1);
    expect(later.plan.employers).toEqual([]); // within the window: not due
    expect(mailer.sent).toHaveLength(1);

    // the employer registers one worker (BPJS acknowledges it with a KPJ)
    workers.states.set(workers.workers[0]?.nikHash ?? '', { status: 'REFERRED', kpj: '26012345678' });
    const second = await run('run-3', addDays(T0, 15));
    expect(second.results.map((r) => [r.action, r.listed, r.newlyRegistered])).toEqual([['NOTICE', 2, 1]]);
    expect(mailer.sent[1]?.subject).toBe(
      'Pemberitahuan ke-2: 2 pekerja PT Sawit Makmur Tbk belum terdaftar BPJS Ketenagakerjaan',
    );
    expect(mailer.sent[1]?.text).toContain('sudah diberitahukan 1 kali');
    expect(mailer.sent[1]?.text).toContain('baru');

    const third = await run('run-4', addDays(T0, 30));
    expect(third.results.map((r) => [r.action, r.listed])).toEqual([['ESCALATION', 1]]);
    const escalation = mailer.sent[2];
    expect(escalation?.to).toEqual(['disnakertrans@kutaitimurkab.go.id']);
    expect(escalation?.subject).toBe(
      'Eskalasi: PT Sawit Makmur Tbk belum mendaftarkan 1 pekerja setelah 2 kali pemberitahuan',
    );
    expect(escalation?.text).toContain('PEKERJA LAIN YANG JUGA BELUM TERDAFTAR (1)');

    // the same day again: nothing (window), and never a second escalation for the same workers
    await run('run-5', addDays(T0, 30.5));
    expect(mailer.sent).toHaveLength(3);
    const overview = await employerOverview(store);
    expect(overview.find((e) => e.key === 'nib:1234567890123')).toMatchObject({
      referred: 3,
      outstanding: 2,
      registered: 1,
      notified: 2,
      lastNoticeAt: addDays(T0, 15),
      escalated: 1,
      lastEscalationAt: addDays(T0, 30),
    });
  });

  it('drops workers an administrator marks as registered, and says ANSWERED when none are left', async () => {
    const { workers, mailer, registry, run, deps, store } = setup();
    await registry();
    const w = worker('u1', { name: 'PT Sawit Makmur' });
    workers.workers.push(w);
    await run('run-1', T0, { uploadIds: ['u1'] });
    const marked = await markRegistered(deps, w.nikHash, 'admin:budi', addDays(T0, 2));
    expect(marked).toMatchObject({ found: true, alreadyRegistered: false });
    expect(marked.employers.map((e) => e.name)).toEqual(['PT Sawit Makmur Tbk']);
    expect(workers.history).toEqual([{ nikHash: w.nikHash, by: 'admin:budi', at: addDays(T0, 2) }]);
    expect((await markRegistered(deps, w.nikHash, 'admin:budi', addDays(T0, 3))).alreadyRegistered).toBe(
      true,
    );
    expect((await markRegistered(deps, 'no-such-hash', 'admin:budi', T0)).found).toBe(false);
    const result = await notifyEmployer(deps, {
      employerKey: 'nib:1234567890123',
      runId: 'r2',
      now: addDays(T0, 20),
    });
    expect(result.action).toBe('ANSWERED');
    expect(mailer.sent).toHaveLength(1);
    expect(await store.listOutstanding()).toEqual([]);
    const row = (await employerOverview(store)).find((e) => e.key === 'nib:1234567890123');
    expect(row).toMatchObject({
      name: 'PT Sawit Makmur Tbk',
      referred: 1,
      outstanding: 0,
      registered: 1,
      notified: 1,
    });
  });

  it('moves workers of an unknown employer to the registry employer once it is imported', async () => {
    const { workers, mailer, run, store } = setup();
    workers.workers.push(worker('u1', { name: 'PT Kebun Baru' }), worker('u1', { name: 'Kebun Baru' }));
    const first = await run('run-1', T0, { uploadIds: ['u1'] });
    expect(first.plan.employers).toEqual([]);
    expect(first.digest).toMatchObject({ sent: true, entries: 1, workers: 2 });
    await store.upsertRegistry(
      {
        key: 'nib:1111111111111',
        nib: '1111111111111',
        name: 'PT Kebun Baru',
        normalizedName: 'kebun baru',
        emails: ['kebun@baru.id'],
        type: 'company',
        projects: [],
      },
      T0,
    );
    const second = await run('run-2', addDays(T0, 1));
    expect(second.plan.rematched).toBe(2);
    expect(second.results.map((r) => [r.employerKey, r.action, r.listed])).toEqual([
      ['nib:1111111111111', 'NOTICE', 2],
    ]);
    expect(second.digest).toMatchObject({ sent: false, reason: 'NOTHING_NEW' });
    expect(mailer.sent.map((m) => m.to)).toEqual([['disnakertrans@kutaitimurkab.go.id'], ['kebun@baru.id']]);
    expect((await store.get('name:kebun baru'))?.outstanding).toBe(0);
  });

  it('sends at most one digest per interval; workers referred meanwhile wait for the next one', async () => {
    const { workers, mailer, run } = setup();
    workers.workers.push(worker('u1', { name: 'Toko A' }));
    await run('run-1', T0, { uploadIds: ['u1'] });
    workers.workers.push(worker('u2', { name: 'Toko B' }));
    const soon = await run('run-2', addDays(T0, 0.5), { uploadIds: ['u2'] });
    expect(soon.digest).toMatchObject({ sent: false, reason: 'NOT_DUE', entries: 1 });
    const next = await run('run-3', addDays(T0, 1));
    expect(next.digest).toMatchObject({ sent: true, entries: 1, workers: 1 });
    expect(mailer.sent).toHaveLength(2);
    expect(mailer.sent[1]?.text).toContain('Toko B');
    expect(mailer.sent[1]?.text).not.toContain('Toko A');
  });

  it('sends the daily digest once per local day, even when a run starts a moment earlier in the day than the last', async () => {
    const { workers, mailer, run } = setup();
    workers.workers.push(worker('u1', { name: 'Toko A' }));
    // An upload's run in the afternoon (15:00 WITA) sends the day's digest.
    await run('refer-u1', '2026-11-23T07:00:00.000Z', { uploadIds: ['u1'] });
    workers.workers.push(worker('u2', { name: 'Toko B' }));
    const evening = await run('refer-u2', '2026-11-23T15:59:59.999Z', { uploadIds: ['u2'] });
    expect(evening.digest).toMatchObject({ sent: false, reason: 'NOT_DUE' });
    // The next morning's scheduled run (07:00 WITA, 16 hours later) sends the next one.
    const morning = await run('daily-1', '2026-11-23T23:00:00.400Z');
    expect(morning.digest).toMatchObject({ sent: true, entries: 1, workers: 1 });
    workers.workers.push(worker('u3', { name: 'Toko C' }));
    await run('refer-u3', '2026-11-24T02:00:00.000Z', { uploadIds: ['u3'] });
    // The day after, the scheduled run starts 0.3 s earlier in the day: still a new day, still a digest.
    const next = await run('daily-2', '2026-11-24T23:00:00.100Z');
    expect(next.digest).toMatchObject({ sent: true, entries: 1, workers: 1 });
    expect(mailer.sent.map((m) => m.text.match(/Toko [ABC]/g))).toEqual([['Toko A'], ['Toko B'], ['Toko C']]);
  });

  it('digestDueAfter: periods aligned to local midnight when they divide a day, rolling otherwise', () => {
    const zone = 'Asia/Makassar';
    expect(digestDueAfter('2026-11-23T23:00:00.100Z', 24, zone)).toBe('2026-11-23T15:59:59.999Z');
    expect(digestDueAfter('2026-11-23T15:59:59.999Z', 24, zone)).toBe('2026-11-22T15:59:59.999Z');
    expect(digestDueAfter('2026-11-23T05:30:00.000Z', 12, zone)).toBe('2026-11-23T03:59:59.999Z');
    expect(digestDueAfter('2026-11-23T05:30:00.000Z', 24, 'UTC')).toBe('2026-11-22T23:59:59.999Z');
    expect(digestDueAfter('2026-11-23T05:30:00.000Z', 36, zone)).toBe('2026-11-21T17:30:00.000Z');
  });

  it('lets only one of two concurrent runs contact an employer, and a retried task resumes its own contact', async () => {
    const { workers, mailer, registry, deps, store } = setup();
    await registry();
    workers.workers.push(worker('u1', { name: 'PT Sawit Makmur' }));
    await queueReferrals(deps, 'u1', T0);
    const key = 'nib:1234567890123';
    const [a, b] = await Promise.all([
      notifyEmployer(deps, { employerKey: key, runId: 'a', now: T0 }),
      notifyEmployer(deps, { employerKey: key, runId: 'b', now: T0 }),
    ]);
    expect([a.action, b.action].sort()).toEqual(['NOTICE', 'WAIT']);
    expect(mailer.sent).toHaveLength(1);
    const winner = a.action === 'NOTICE' ? 'a' : 'b';
    const retry = await notifyEmployer(deps, { employerKey: key, runId: winner, now: T0 });
    expect(retry.action).toBe('NOTICE');
    expect(mailer.sent).toHaveLength(1); // already SENT: not sent again
    const [referral] = await store.listReferrals(key);
    expect(referral?.notices).toBe(1);
  });

  it('queues each worker once however often an upload is queued', async () => {
    const { workers, deps, registry, store } = setup();
    await registry();
    workers.workers.push(worker('u1', { name: 'PT Sawit Makmur' }), worker('u1', { nib: '1234567890123' }));
    const first = await queueReferrals(deps, 'u1', T0);
    const again = await queueReferrals(deps, 'u1', T0);
    expect([first.queued, again.queued]).toEqual([2, 0]);
    expect((await store.get('nib:1234567890123'))?.referred).toBe(2);
  });
});

describe('decide', () => {
  const employer = { inRegistry: true, emails: ['a@b.id'] };
  const ref = (notices: number, escalatedAt?: string) =>
    ({ notices, ...(escalatedAt ? { escalatedAt } : {}) }) as never;
  const task = { now: T0, runId: 'r' };
  it('waits within the window of the last contact, unless this run made it', () => {
    expect(decide({ ...employer, lastContactAt: addDays(T0, -3) }, [ref(0)], task, testSettings).action).toBe(
      'WAIT',
    );
    expect(
      decide(
        { ...employer, lastContactAt: addDays(T0, -3), lastContactRunId: 'r' },
        [ref(0)],
        task,
        testSettings,
      ).action,
    ).toBe('NOTICE');
    expect(
      decide({ ...employer, lastContactAt: addDays(T0, -14) }, [ref(0)], task, testSettings).action,
    ).toBe('NOTICE');
  });
  it('escalates workers listed in the configured number of notices, once', () => {
    expect(decide(employer, [ref(1), ref(2)], task, testSettings)).toMatchObject({ action: 'ESCALATION' });
    expect(decide(employer, [ref(3, T0)], task, testSettings).action).toBe('NOTICE');
    expect(decide(employer, [ref(2)], task, { ...testSettings, maxUnansweredNotices: 3 }).action).toBe(
      'NOTICE',
    );
  });
  it('sends nothing to employers without an e-mail or with nothing outstanding', () => {
    expect(decide({ inRegistry: true, emails: [] }, [ref(0)], task, testSettings).action).toBe('UNKNOWN');
    expect(decide({ inRegistry: false, emails: [] }, [ref(0)], task, testSettings).action).toBe('UNKNOWN');
    expect(decide(employer, [], task, testSettings).action).toBe('ANSWERED');
  });
});

describe('a notice SES refuses', () => {
  it('is recorded as FAILED and does not silence the employer for a window', async () => {
    const store = memoryEmployerStore();
    const workers = memoryWorkers();
    const mailer = memoryMailer();
    let refuse = true;
    const flaky = {
      async send(mail: Parameters<typeof mailer.send>[0]) {
        if (refuse)
          throw Object.assign(new Error('Email address is not verified'), { name: 'MessageRejected' });
        return mailer.send(mail);
      },
    };
    const deps = {
      store,
      workers,
      mailer: flaky,
      settings: testSettings,
      places: () => ({ desa: 'D', kecamatan: 'K' }),
    };
    await store.upsertRegistry(
      {
        key: 'nib:1234567890123',
        name: 'PT A',
        normalizedName: 'a',
        emails: ['a@a.id'],
        type: 'company',
        projects: [],
      },
      T0,
    );
    workers.workers.push(worker('u1', { nib: '1234567890123' }));
    await queueReferrals(deps, 'u1', T0);
    const task = { employerKey: 'nib:1234567890123', runId: 'r1', now: T0 };
    await expect(notifyEmployer(deps, task)).rejects.toThrow('not verified');
    expect(store.contacts.map((c) => [c.status, c.failure])).toEqual([['FAILED', 'MessageRejected']]);
    refuse = false;
    const next = await notifyEmployer(deps, { ...task, runId: 'r2', now: addDays(T0, 1) });
    expect(next.action).toBe('NOTICE');
    expect((await employerOverview(store))[0]).toMatchObject({ notified: 1 });
  });
});

describe('unknown employers whose workers were all registered', () => {
  it('leave the outstanding list and the digest', async () => {
    const store = memoryEmployerStore();
    const workers = memoryWorkers();
    const mailer = memoryMailer();
    const deps = {
      store,
      workers,
      mailer,
      settings: testSettings,
      places: () => ({ desa: 'D', kecamatan: 'K' }),
    };
    const w = worker('u1', { name: 'Toko Sepi' });
    workers.workers.push(w);
    await queueReferrals(deps, 'u1', T0);
    workers.states.set(w.nikHash, { status: 'REFERRED', kpj: '123' });
    expect(await sendDigest(deps, { runId: 'r1', now: T0 })).toMatchObject({
      sent: false,
      reason: 'NOTHING_NEW',
    });
    expect(await store.listOutstanding()).toEqual([]);
    expect(await store.get('name:toko sepi')).toMatchObject({ referred: 1, registered: 1, outstanding: 0 });
  });
});
