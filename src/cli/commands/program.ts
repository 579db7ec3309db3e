import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { stackNikHasher } from '../../composition/stack-runtime.ts';
import { workerRepository } from '../../composition/stores.ts';
import { formatCount, formatRupiah } from '../../quota/calendar.ts';
import { importCovered } from '../../quota/import-covered.ts';
import type { ProgrammeState } from '../../quota/model.ts';
import {
  type ProgrammeChanges,
  ProgrammeRuleError,
  programmeCovering,
  setProgramme,
  settingsOf,
} from '../../quota/programme.ts';
import { regencyConfig } from '../../shared/regency-config.ts';
import { rulesForProgramme, validationRules } from '../../validation/default-rules.ts';
import { loadRegionDirectory } from '../../validation/regions.ts';
import type { WorkerRow } from '../../validation/types.ts';
import { validateFile } from '../../validation/validate-rows.ts';
import { auditCli } from '../access-clients.ts';
import { programmeFor, promoteAndEnroll, quotaDepsFor, REGENCY } from '../quota-ops.ts';
import { DEFAULT_DATA_DIR, withStack } from '../stack-client.ts';

/** "150000", "150.000", "150_000" → 150000 (whole numbers only: money is integer Rupiah). */
export function parseWhole(name: string, value: string): number {
  const digits = value.replace(/[._,\s]/g, '');
  if (!/^\d+$/.test(digits))
    throw new ProgrammeRuleError(
      `${name} harus bilangan bulat (diberikan: "${value}")`,
      `${name} must be a whole number (got "${value}")`,
    );
  return Number(digits);
}

/** `640804=9000,64.08.05=none` → { '640804': 9000, '640805': null } (none / - removes an allocation). */
export function parseKecamatanQuotas(value: string): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [code, quota] = part.split('=').map((s) => s.trim());
    const k = (code ?? '').replace(/\./g, '');
    if (!/^\d{6}$/.test(k) || quota === undefined)
      throw new ProgrammeRuleError(
        `--kecamatan-quota: "${part}" bukan KODE=JUMLAH (mis. ${regencyConfig.regency.code}01=9000)`,
        `--kecamatan-quota: "${part}" is not CODE=COUNT (e.g. ${regencyConfig.regency.code}01=9000)`,
      );
    out[k] = quota === 'none' || quota === '-' ? null : parseWhole(`kuota kecamatan ${k}`, quota);
  }
  return out;
}

interface SetOptions {
  year?: string;
  quota?: string;
  premium?: string;
  start?: string;
  end?: string;
  budget?: string;
  kecamatanQuota?: string;
  minAge?: string;
  maxAge?: string;
  exclude?: string;
  admin?: string;
  approval?: boolean;
  json?: boolean;
  dataDir: string;
}

export function changesFrom(opts: SetOptions): ProgrammeChanges {
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  return {
    ...(opts.quota !== undefined ? { quota: parseWhole('--quota', opts.quota) } : {}),
    ...(opts.premium !== undefined ? { monthlyPremium: parseWhole('--premium', opts.premium) } : {}),
    ...(opts.start !== undefined ? { startDate: opts.start } : {}),
    ...(opts.end !== undefined ? { endDate: opts.end } : {}),
    ...(opts.budget !== undefined
      ? { budgetCeiling: opts.budget === 'default' ? null : parseWhole('--budget', opts.budget) }
      : {}),
    ...(opts.kecamatanQuota !== undefined
      ? { kecamatanQuotas: parseKecamatanQuotas(opts.kecamatanQuota) }
      : {}),
    ...(opts.minAge !== undefined ? { minAge: parseWhole('--min-age', opts.minAge) } : {}),
    ...(opts.maxAge !== undefined ? { maxAge: parseWhole('--max-age', opts.maxAge) } : {}),
    ...(opts.exclude !== undefined ? { excludedOccupations: list(opts.exclude) } : {}),
    ...(opts.admin !== undefined ? { administrators: list(opts.admin) } : {}),
    ...(opts.approval !== undefined ? { requiresApproval: opts.approval } : {}),
  };
}

/** The programme without its internals (op records, lease): what `program show --json` prints. */
export function programmeView(s: ProgrammeState) {
  return {
    regency: s.regency,
    year: s.year,
    quota: s.quota,
    monthlyPremium: s.monthlyPremium,
    startDate: s.startDate,
    endDate: s.endDate,
    budgetCeiling: s.budgetCeiling,
    budgetFromQuota: !s.budgetExplicit,
    minAge: s.minAge,
    maxAge: s.maxAge,
    excludedOccupations: s.excludedOccupations,
    kecamatanQuotas: s.kecamatanQuotas,
    requiresApproval: s.requiresApproval,
    administrators: s.administrators,
    used: s.used,
    remaining: Math.max(0, s.quota - s.used),
    waitlisted: s.waitlisted,
    budgetCommitted: s.committed,
    updatedAt: s.updatedAt,
    updatedBy: s.updatedBy,
  };
}

export function formatProgramme(s: ProgrammeState): string {
  const kec = Object.entries(s.kecamatanQuotas);
  return [
    `Program ${regencyConfig.regency.name} ${s.year} (${s.startDate} – ${s.endDate})`,
    `  kuota / quota            ${formatCount(s.quota)} pekerja (terpakai / used ${formatCount(s.used)}, daftar tunggu / waitlisted ${formatCount(s.waitlisted)})`,
    `  iuran / premium          ${formatRupiah(s.monthlyPremium)} per pekerja per bulan`,
    `  pagu / budget ceiling    ${formatRupiah(s.budgetCeiling)}${s.budgetExplicit ? '' : ' (kuota × iuran × bulan)'}`,
    `  terikat / committed      ${formatRupiah(s.committed)}`,
    `  usia / ages              ${s.minAge}–${s.maxAge}`,
    `  dikecualikan / excluded  ${s.excludedOccupations.join(', ') || '-'}`,
    `  persetujuan / approval   ${s.requiresApproval ? 'ya / required' : 'tidak / not required'}`,
    `  admin                    ${s.administrators.join(', ') || '-'}`,
    ...(kec.length > 0
      ? [`  kuota kecamatan          ${kec.map(([k, q]) => `${k}=${formatCount(q)}`).join(', ')}`]
      : []),
  ].join('\n');
}

const who = () => `cli:${process.env.USER ?? 'admin'}`;

export function register(program: Command): void {
  const group = program.command('program');

  group
    .command('set')
    .description('Buat atau ubah program / create or change the programme (then promote the waitlist)')
    .option('--year <year>', 'programme year (default: the programme covering today, or this year)')
    .option('--quota <n>', 'headcount quota (workers)')
    .option('--premium <rp>', 'monthly premium per worker, integer Rupiah (default 16800)')
    .option('--start <date>', 'first day, YYYY-MM-DD (default 1 January)')
    .option('--end <date>', 'last day, YYYY-MM-DD (default 31 December)')
    .option('--budget <rp>', 'budget ceiling in Rupiah, or "default" for quota × premium × months')
    .option(
      '--kecamatan-quota <list>',
      `per-kecamatan allocations: ${regencyConfig.regency.code}01=9000,${regencyConfig.regency.code}02=none`,
    )
    .option('--min-age <n>', 'minimum age')
    .option('--max-age <n>', 'maximum age')
    .option('--exclude <list>', 'excluded occupations, comma-separated (PNS,TNI,POLRI…)')
    .option('--admin <emails>', 'administrators receiving the 80/90/100% alerts, comma-separated')
    .option('--approval', 'enrollment needs an administrator’s approval')
    .option('--no-approval', 'enrollment needs no approval')
    .option('--json', 'print the programme as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (opts: SetOptions) => {
      await withStack(opts.dataDir, async (clients) => {
        const deps = quotaDepsFor(clients);
        const before = opts.year
          ? await deps.programmes.get({ regency: REGENCY, year: parseWhole('--year', opts.year) })
          : await programmeCovering(deps.programmes, REGENCY, new Date());
        const { state, created } = await setProgramme(deps, regencyConfig, changesFrom(opts), {
          ...(opts.year ? { year: parseWhole('--year', opts.year) } : {}),
          by: who(),
        });
        const key = { regency: state.regency, year: state.year };
        await auditCli(clients, {
          action: 'programme.set',
          entity: `programme#${key.regency}#${key.year}`,
          ...(before && before.year === key.year ? { old: settingsOf(before) } : {}),
          new: settingsOf(state),
        });
        const promotion = await promoteAndEnroll(clients, key, who());
        const after = (await deps.programmes.get(key)) ?? state;
        if (opts.json) {
          console.log(
            JSON.stringify(
              { ...programmeView(after), created, promoted: promotion.promoted.length },
              null,
              2,
            ),
          );
          return;
        }
        console.log(
          `${created ? 'Program dibuat / created' : 'Program diubah / updated'}.\n${formatProgramme(after)}`,
        );
        if (promotion.promoted.length > 0)
          console.log(
            `${formatCount(promotion.promoted.length)} pekerja naik dari daftar tunggu / promoted from the waitlist.`,
          );
      });
    });

  group
    .command('show')
    .description('Tampilkan program / show the programme')
    .option('--year <year>', 'programme year (default: the programme covering today)')
    .option('--json', 'print as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (opts: { year?: string; json?: boolean; dataDir: string }) => {
      await withStack(opts.dataDir, async (clients) => {
        const state = await programmeFor(quotaDepsFor(clients), opts.year);
        console.log(opts.json ? JSON.stringify(programmeView(state), null, 2) : formatProgramme(state));
      });
    });

  group
    .command('import-covered')
    .description(
      'Muat pekerja yang sudah ditanggung APBD / load workers the regency already pays for (they count against the quota)',
    )
    .argument('<file>', 'CSV or XLSX in the upload template (Kode Desa column)')
    .option('--year <year>', 'programme year (default: the programme covering today)')
    .option('--json', 'print {importId, rows, rejected, imported, duplicates, issues}')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (file: string, opts: { year?: string; json?: boolean; dataDir: string }) => {
      const agency = regencyConfig.agencies[0]?.id ?? 'disnakertrans';
      const importId = `covered-${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16)}`;
      await withStack(opts.dataDir, async (clients) => {
        const deps = quotaDepsFor(clients);
        const state = await programmeFor(deps, opts.year);
        const rows: WorkerRow[] = [];
        const summary = await validateFile(
          createReadStream(file),
          basename(file),
          {
            uploader: { kind: 'agency', agency },
            rules: rulesForProgramme(validationRules(regencyConfig), state),
            regions: await loadRegionDirectory(REGENCY),
          },
          { onValid: (w) => void rows.push(w) },
        );
        const result = await importCovered(
          {
            ...deps,
            claim: (w) => workerRepository(clients).claim(w),
            hash: stackNikHasher(clients.info),
          },
          { regency: state.regency, year: state.year },
          importId,
          rows,
        );
        const errors = summary.issues.filter((i) => i.severity === 'error');
        const out = {
          importId,
          rows: summary.rows,
          rejected: summary.rejected,
          imported: result.imported,
          duplicates: result.duplicates,
          issues: errors.map((i) => ({ row: i.row, column: i.column, code: i.code, message: i.message })),
        };
        if (opts.json) console.log(JSON.stringify(out, null, 2));
        else {
          console.log(
            `${basename(file)}: ${formatCount(out.rows)} baris / rows, ${formatCount(out.imported)} dimuat sebagai sudah ditanggung / imported as covered, ${formatCount(out.duplicates)} sudah terdaftar / already registered, ${formatCount(out.rejected)} ditolak / rejected`,
          );
          for (const i of errors.slice(0, 20)) console.log(`  baris ${i.row} ${i.column}: ${i.message}`);
          if (errors.length > 20) console.log(`  … ${errors.length - 20} lagi / more`);
        }
      });
    });
}
