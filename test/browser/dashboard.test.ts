/**
 * The dashboard in a real headless Chromium (test/support/browser.ts) against a fresh local stack: the API, the
 * Cognito emulator and the pipeline are the real local ones; people sign in on the Masuk page with the example
 * users the stack created. Screenshots of every page land in test-results/screenshots/ (git-ignored).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaDepsFor } from '../../src/cli/quota-ops.ts';
import { setProgramme } from '../../src/quota/programme.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import type { Upload } from '../../src/uploads/model.ts';
import { launchBrowser, newPage, screenshot, seriousA11yViolations, signInAs } from '../support/browser.ts';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

process.env.LINDUNG_BPJS_GATEWAY ??= 'simulator';
// Each BPJS batch takes 2.5 s, so a run stays RUNNING long enough for the list (refreshed every 2 s) to show it.
process.env.LINDUNG_BPJS_LATENCY_MS ??= '2500';
const run = promisify(execFile);
const idNumber = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const idRupiah = new Intl.NumberFormat('id-ID', {
  style: 'currency',
  currency: 'IDR',
  maximumFractionDigits: 0,
});

type Env = Awaited<ReturnType<typeof freshStack>>;

describe('dashboard in the browser', () => {
  let env: Env;
  let browser: Browser;
  let dashboard: string;
  const users: Record<string, { email: string; password: string }> = {};

  beforeAll(async () => {
    env = await freshStack();
    browser = await launchBrowser();
    dashboard = env.stack.info.dashboard ?? '';
    for (const u of env.stack.exampleUsers) users[u.role] = { email: u.email, password: u.password };
  });
  afterAll(async () => {
    await browser?.close();
    await env?.dispose();
  });

  async function as(role: string): Promise<Page> {
    const user = users[role];
    if (!user) throw new Error(`no example user with role ${role}`);
    const page = await newPage(browser);
    await signInAs(page, dashboard, user.email, user.password);
    return page;
  }

  /** An upload as the operator path makes it (`lindung process`): straight into the bucket. */
  async function operatorUpload(key: string, body: string): Promise<void> {
    await env.clients.s3.send(
      new PutObjectCommand({ Bucket: env.clients.info.bucket, Key: key, Body: body }),
    );
  }

  async function uploadOf(key: string): Promise<Upload> {
    for (let i = 0; i < 200; i++) {
      const found = (await env.clients.uploads.listRecent(100)).find((u) => u.objectKey === key);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no upload for ${key}`);
  }

  it('a desa user uploads a file with 3 bad rows and sees those rows with their codes, then the outcome', async () => {
    const workers = validWorkers(10, { desa: '6408042001', firstSerial: 100 });
    const w = (i: number) => workers[i] ?? workers[0];
    Object.assign(w(2) ?? {}, { nik: '64080412345' }); // too short: NIK_FORMAT (Excel row 4)
    Object.assign(w(5) ?? {}, { jenisKelamin: 'X' }); // INVALID_GENDER (Excel row 7)
    Object.assign(w(8) ?? {}, { nama: '' }); // MISSING_FIELD (Excel row 10)
    const page = await as('desa');
    await page.getByRole('link', { name: 'Unggah', exact: true }).click();
    await page.locator('#file').setInputFiles({
      name: 'daftar-sangatta-utara.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(toCsv(workers)),
    });
    await page
      .getByText('Berkas terkirim')
      .or(page.locator('.upload-view'))
      .first()
      .waitFor({ timeout: 30_000 });
    const sentAt = Date.now();
    const errors = page.locator('[data-testid="row-errors"] tbody tr');
    await expect.poll(() => errors.count(), { timeout: 10_000, interval: 200 }).toBe(3);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    const rows = await errors.evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-row'), tr.querySelector('code')?.textContent]),
    );
    expect(rows).toEqual([
      ['4', 'NIK_FORMAT'],
      ['7', 'INVALID_GENDER'],
      ['10', 'MISSING_FIELD'],
    ]);
    await page.locator('.upload-view[data-status="COMPLETED"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-outcome="rows"]').textContent()).toBe('10');
    expect(await page.locator('[data-outcome="rejected"]').textContent()).toBe('3');
    expect(await page.locator('[data-outcome="enrolled"]').textContent()).toBe('7');
    await screenshot(page, 'unggah-desa-hasil');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh errors.xlsx' }).click(),
    ]);
    const xlsx = await readFile(await download.path());
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    await page.close();
  });

  it('an admin sees an upload go from running to COMPLETED without reloading, and its timeline with durations', async () => {
    const page = await as('admin');
    await page.getByRole('link', { name: 'Unggahan', exact: true }).click();
    await page.locator('[data-testid="uploads-table"], .empty').first().waitFor();
    // The filter's example is a desa of the regency the app was built for (its regions.json), not a fixed code.
    const firstDesa = await page.evaluate(async () => {
      const regions = (await (await fetch('regions.json')).json()) as { desa: Array<{ code: string }> };
      return regions.desa[0]?.code;
    });
    expect(firstDesa).toMatch(/^6408\d{6}$/);
    await expect.poll(() => page.getByLabel('Desa / instansi').getAttribute('placeholder')).toBe(firstDesa);
    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const key = 'uploads/desa/6408042011/pantau.csv';
    await operatorUpload(key, toCsv(validWorkers(400, { desa: '6408042011', firstSerial: 2000 })));
    const upload = await uploadOf(key);
    const badge = page.locator(`tr[data-upload="${upload.uploadId}"] .badge`);
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const s = (await badge.getAttribute('data-status').catch(() => null)) ?? '';
          if (s) seen.add(s);
          return s;
        },
        { timeout: 120_000, interval: 100 },
      )
      .toBe('COMPLETED');
    expect([...seen].some((s) => s === 'VALIDATING' || s === 'RUNNING')).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await screenshot(page, 'unggahan-admin');

    await page.locator(`tr[data-upload="${upload.uploadId}"] a`).click();
    const steps = page.locator('[data-testid="timeline"] tbody tr');
    await steps.first().waitFor();
    const durations = await page.locator('[data-testid="timeline"] [data-duration]').allTextContents();
    const names = await steps.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-step') ?? ''));
    expect(names.some((n) => n.startsWith('validate'))).toBe(true);
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(durations.every((d) => /\d/.test(d))).toBe(true);
    await screenshot(page, 'unggahan-detail-admin');
    await page.close();
  });

  it("a desa user cannot see another desa's upload: not in the list, 403 on its address", async () => {
    const key = 'uploads/desa/6408042012/lain.csv';
    await operatorUpload(key, toCsv(validWorkers(3, { desa: '6408042012', firstSerial: 5000 })));
    const other = await uploadOf(key);
    await env.stack.idle();
    const page = await as('desa');
    await page.getByRole('link', { name: 'Unggahan', exact: true }).click();
    await page.locator('[data-testid="uploads-table"]').waitFor();
    const listed = await page
      .locator('tr[data-upload]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-upload')));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).not.toContain(other.uploadId);
    await page.goto(`${dashboard}/#/unggahan/${other.uploadId}`);
    await page.locator('[data-status="403"]').waitFor();
    expect(await page.content()).not.toContain('lain.csv');
    await screenshot(page, 'unggahan-403-desa');
    // Nor its errors.xlsx link: the same access layer answers the dashboard's own routes.
    const token = await page.evaluate(
      () => JSON.parse(sessionStorage.getItem('lindung.session') ?? '{}').idToken,
    );
    const errors = await fetch(`${env.stack.info.api}/uploads/${other.uploadId}/errors`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(errors.status).toBe(403);
    expect(await errors.text()).not.toContain('reports/');
    await page.close();
  });

  it('the home page shows what `lindung quota --json` and the area counters say', async () => {
    await env.stack.idle();
    const { stdout } = await run(
      process.execPath,
      ['bin/lindung.mjs', 'quota', '--json', '--data-dir', env.clients.info.dataDir],
      { cwd: new URL('../../', import.meta.url).pathname },
    );
    const quota = JSON.parse(stdout) as {
      quota: number;
      used: number;
      waitlisted: number;
      budgetCommitted: number;
    };
    const page = await as('admin');
    const token = await page.evaluate(
      () => JSON.parse(sessionStorage.getItem('lindung.session') ?? '{}').idToken,
    );
    const areas = (await (
      await fetch(`${env.stack.info.api}/areas`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as { total: Record<string, number> };
    await page.locator('[data-testid="covered"]').waitFor();
    expect(await page.locator('[data-testid="covered"]').textContent()).toBe(
      `${idNumber.format(quota.used)} dari ${idNumber.format(quota.quota)}`,
    );
    await expect
      .poll(() => page.getByLabel('Anggaran terpakai').locator('.card-value').textContent())
      .toBe(idRupiah.format(quota.budgetCommitted));
    expect(await page.getByLabel('Daftar tunggu').locator('.card-value').textContent()).toBe(
      idNumber.format(quota.waitlisted),
    );
    for (const counter of ['rows', 'enrolled', 'rejected', 'waitlisted'])
      expect(await page.locator(`[data-counter="${counter}"]`).textContent()).toBe(
        idNumber.format(areas.total[counter] ?? 0),
      );
    expect(areas.total.enrolled).toBeGreaterThan(0);
    await screenshot(page, 'beranda-admin');
    await page.close();
  });

  it('an approver approves an upload held for approval from the page', async () => {
    const year = new Date().getUTCFullYear();
    await setProgramme(
      quotaDepsFor(env.clients),
      regencyConfig,
      { requiresApproval: true },
      { year, by: 'test' },
    );
    const key = 'uploads/desa/6408041010/tunggu.csv';
    await operatorUpload(key, toCsv(validWorkers(5, { desa: '6408041010', firstSerial: 7000 })));
    await env.stack.idle();
    const held = await uploadOf(key);
    expect(held.status).toBe('AWAITING_APPROVAL');
    const page = await as('approver');
    await page.getByRole('link', { name: 'Persetujuan' }).click();
    const row = page.locator(`tr[data-upload="${held.uploadId}"]`);
    await row.waitFor();
    await screenshot(page, 'persetujuan-approver');
    await row.getByRole('button', { name: 'Setujui' }).click();
    await page.getByRole('status').filter({ hasText: 'disetujui' }).waitFor();
    await env.stack.idle();
    const after = await env.clients.uploads.get(held.uploadId);
    expect(after?.status).toBe('COMPLETED');
    expect(after?.approval?.by).toBe(users.approver?.email);
    await expect.poll(() => row.count()).toBe(0);
    await setProgramme(
      quotaDepsFor(env.clients),
      regencyConfig,
      { requiresApproval: false },
      { year, by: 'test' },
    );
    await page.close();
  });

  it('every page passes axe (no serious or critical violation) and is saved as a screenshot', async () => {
    // Two wage workers with an employer, so Pemberi kerja has something to show.
    const referred = validWorkers(2, { desa: '6408042011', firstSerial: 9000 }).map((w) => ({
      ...w,
      pemberiKerja: 'PT Kaltim Prima Contoh',
    }));
    await operatorUpload('uploads/desa/6408042011/rujukan.csv', toCsv(referred));
    await env.stack.idle();
    const found: Record<string, string[]> = {};
    const signIn = await newPage(browser);
    await signIn.goto(dashboard);
    await signIn.getByLabel('Email').waitFor();
    found.masuk = await seriousA11yViolations(signIn);
    await screenshot(signIn, 'masuk');
    await signIn.close();

    const visits: Array<[string, string, string]> = [
      ['admin', '/', 'beranda'],
      ['admin', '/unggahan', 'unggahan'],
      ['admin', '/kuota', 'kuota'],
      ['admin', '/wilayah', 'wilayah'],
      ['admin', '/pekerja', 'pekerja'],
      ['admin', '/pemberi-kerja', 'pemberi-kerja'],
      ['admin', '/persetujuan', 'persetujuan'],
      ['admin', '/audit', 'audit'],
      ['desa', '/', 'beranda-desa'],
      ['desa', '/unggah', 'unggah-desa'],
      ['desa', '/wilayah', 'wilayah-desa'],
      ['agency', '/unggahan', 'unggahan-instansi'],
    ];
    const pages = new Map<string, Page>();
    for (const [role, path, name] of visits) {
      let page = pages.get(role);
      if (!page) {
        page = await as(role);
        pages.set(role, page);
      }
      await page.goto(`${dashboard}/#${path}`);
      await page.locator('.page h1').first().waitFor();
      await page
        .locator('.loading')
        .waitFor({ state: 'detached', timeout: 15_000 })
        .catch(() => undefined);
      await page.waitForTimeout(300);
      found[name] = await seriousA11yViolations(page);
      await screenshot(page, name);
    }
    const admin = pages.get('admin');
    if (admin) {
      const enrolled = validWorkers(400, { desa: '6408042011', firstSerial: 2000 })[0];
      await admin.goto(`${dashboard}/#/pekerja`);
      await admin.getByLabel('NIK').fill(enrolled?.nik ?? '');
      await admin.getByRole('button', { name: 'Cari' }).click();
      await admin.locator('[data-testid="worker"]').waitFor();
      expect(await admin.content()).not.toContain(enrolled?.nik);
      // Its history, newest first: BPJS's acceptance with the KPJ, down to the registration.
      const history = admin.locator('[data-testid="worker-history"] tbody tr');
      expect(await history.first().textContent()).toMatch(/Terdaftar.*KPJ \d{11}/);
      expect(await history.count()).toBeGreaterThanOrEqual(3);
      found['pekerja-hasil'] = await seriousA11yViolations(admin);
      await screenshot(admin, 'pekerja-hasil');
    }
    const english = pages.get('admin');
    if (english) {
      await english.goto(`${dashboard}/#/`);
      await english.getByRole('button', { name: 'EN — English' }).click();
      await english.getByRole('heading', { name: 'Home' }).waitFor();
      found['home-en'] = await seriousA11yViolations(english);
      await screenshot(english, 'home-en');
    }
    for (const p of pages.values()) await p.close();
    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual({});
  });
});
