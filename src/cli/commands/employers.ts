import { createReadStream, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { employerStore, employerWorkers } from '../../composition/employers.ts';
import { stackNikHasher } from '../../composition/stack-runtime.ts';
import { importRegistry } from '../../employers/import-registry.ts';
import { markRegistered } from '../../employers/mark-registered.ts';
import { employerOverview } from '../../employers/overview.ts';
import { EXIT_CODES, notFound, StackOutdatedError } from '../../shared/errors.ts';
import { cleanNik, isNikShape, maskNik } from '../../validation/nik.ts';
import { auditCli } from '../access-clients.ts';
import { StillRunningError, UsageError } from '../errors.ts';
import { number } from '../format.ts';
import { DEFAULT_DATA_DIR, type StackClients, withStack } from '../stack-client.ts';

const MAX_FILE_BYTES = 100 * 1024 * 1024;

function storeOf(clients: StackClients) {
  const table = clients.info.tables.employers;
  if (!table) throw outdatedStack('tabel pemberi kerja', 'employers table');
  return employerStore(clients);
}

/** A stack started by an older lindung lacks a table or workflow this command needs. */
const outdatedStack = (what: string, whatEn: string) =>
  new StackOutdatedError(
    `Stack ini tidak punya ${what}: mulai ulang (lindung start).`,
    `This stack has no ${whatEn}: restart it (lindung start).`,
  );

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '-');

/**
 * `lindung employers` — the employers of referred workers: referred, notified, escalated (counts and dates);
 * `import FILE` (the Disnakertrans registry), `mark-registered NIK…`, `run` (a notification run now).
 */
export function register(program: Command): void {
  const employers = program.command('employers');

  employers
    .command('list', { isDefault: true })
    .description(
      'Setiap pemberi kerja: dirujuk, diberitahu, dieskalasi / every employer with its counts and dates',
    )
    .option('--json', 'print as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (opts: { json?: boolean; dataDir: string }) => {
      await withStack(opts.dataDir, async (clients) => {
        const rows = await employerOverview(storeOf(clients));
        if (opts.json) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        if (rows.length === 0) console.log('Belum ada pemberi kerja / no employers yet');
        for (const r of rows) {
          const where = r.inRegistry
            ? r.emails.length > 0
              ? r.emails.join(', ')
              : 'tanpa e-mail / no e-mail'
            : 'tidak terdaftar / not in registry';
          console.log(`${r.name}${r.nib ? ` (NIB ${r.nib})` : ''}  [${where}]`);
          console.log(
            `  dirujuk/referred ${number(r.referred)}  belum terdaftar/outstanding ${number(r.outstanding)}  terdaftar/registered ${number(r.registered)}`,
          );
          console.log(
            `  pemberitahuan/notices ${r.notified} (terakhir/last ${day(r.lastNoticeAt)})  eskalasi/escalations ${r.escalated} (terakhir/last ${day(r.lastEscalationAt)})`,
          );
        }
      });
    });

  employers
    .command('import')
    .description('Impor daftar pemberi kerja dari Disnakertrans (CSV/XLSX) / import the employer registry')
    .argument('<file>', 'CSV or XLSX: NIB, Nama, E-mail, Alamat, Jenis, Nama Proyek, Pemilik Proyek')
    .option('--json', 'print the summary and issues as JSON')
    .option('--english', 'messages in English')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (file: string, opts: { json?: boolean; english?: boolean; dataDir: string }) => {
      if (!existsSync(file)) throw notFound(`Berkas ${file}`, `File ${file}`);
      await withStack(opts.dataDir, async (clients) => {
        const { summary, issues } = await importRegistry(
          { store: storeOf(clients) },
          createReadStream(file),
          basename(file),
          { importId: `cli-${Date.now()}`, at: new Date().toISOString(), maxBytes: MAX_FILE_BYTES },
        );
        await auditCli(clients, {
          action: 'employers.import',
          entity: 'employers#registry',
          new: { file: basename(file), ...summary },
        });
        const rows = issues.map((i) => ({
          row: i.row,
          column: i.column,
          code: i.code,
          severity: i.severity,
          message: opts.english ? i.messageEn : i.message,
        }));
        if (opts.json) console.log(JSON.stringify({ ...summary, issues: rows }, null, 2));
        else if (summary.fileError) {
          console.log(`Berkas ditolak / file rejected: ${summary.fileError.code}`);
          console.log(opts.english ? summary.fileError.messageEn : summary.fileError.message);
        } else {
          console.log(
            `${basename(file)}: ${summary.rows} baris/rows, ${summary.employers} pemberi kerja/employers (${summary.created} baru/new, ${summary.updated} diperbarui/updated), ${summary.rejected} ditolak/rejected, ${summary.warnings} peringatan/warnings`,
          );
          for (const r of rows)
            console.log(`baris ${r.row}  ${r.column}  ${r.code} (${r.severity})  ${r.message}`);
        }
        process.exitCode = summary.status === 'REJECTED' ? EXIT_CODES.invalid : 0;
      });
    });

  employers
    .command('mark-registered')
    .description(
      'Tandai pekerja sudah didaftarkan pemberi kerja (keluar dari pemberitahuan berikutnya) / mark workers as registered by their employer',
    )
    .argument('<nik...>', '16-digit NIK (never printed in full)')
    .option('--by <who>', 'who confirms it (recorded in the history)', `admin:${safeUser()}`)
    .option('--json', 'print as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (niks: string[], opts: { by: string; json?: boolean; dataDir: string }) => {
      const cleaned = niks.map(cleanNik);
      const bad = cleaned.filter((n) => !isNikShape(n));
      if (bad.length > 0) {
        const masked = bad.map(maskNik).join(', ');
        throw new UsageError(`Bukan NIK 16 angka: ${masked}`, `Not a 16-digit NIK: ${masked}`);
      }
      await withStack(opts.dataDir, async (clients) => {
        const hash = stackNikHasher(clients.info);
        const deps = {
          store: storeOf(clients),
          workers: employerWorkers(clients),
        };
        const out = [];
        for (const nik of cleaned) {
          const r = await markRegistered(deps, hash(nik), opts.by, new Date().toISOString());
          await auditCli(clients, {
            action: 'employers.mark-registered',
            entity: `worker#${hash(nik)}`,
            new: { registeredBy: opts.by, employers: r.employers.map((e) => e.name) },
          });
          out.push({ nik: maskNik(nik), ...r });
        }
        if (opts.json) console.log(JSON.stringify(out, null, 2));
        else
          for (const r of out) {
            const names = r.employers.map((e) => e.name).join(', ');
            console.log(
              !r.found
                ? `${r.nik}: tidak dirujuk ke pemberi kerja mana pun / not referred to any employer`
                : r.alreadyRegistered
                  ? `${r.nik}: sudah tercatat terdaftar / already registered (${names})`
                  : `${r.nik}: tercatat terdaftar oleh / marked registered by ${names}`,
            );
          }
        if (out.some((r) => !r.found)) process.exitCode = 1;
      });
    });

  employers
    .command('run')
    .description(
      'Jalankan pemberitahuan pemberi kerja sekarang (seperti jadwal harian) / run employer notification now, as the schedule does',
    )
    .option('--now <iso>', 'pretend it is this time (rehearsals)')
    .option('--json', 'print the run summary as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .option('--timeout <seconds>', 'give up waiting after this many seconds', '600')
    .action(async (opts: { now?: string; json?: boolean; dataDir: string; timeout: string }) => {
      await withStack(opts.dataDir, async (clients) => {
        const stateMachineArn = clients.info.stateMachines.employerNotification;
        if (!stateMachineArn)
          throw outdatedStack('alur pemberitahuan pemberi kerja', 'employer-notification state machine');
        const start = await clients.sfn.send(
          new StartExecutionCommand({
            stateMachineArn,
            name: `manual-${new Date()
              .toISOString()
              .replace(/[^0-9]/g, '')
              .slice(0, 17)}`,
            input: JSON.stringify(opts.now ? { now: new Date(opts.now).toISOString() } : {}),
          }),
        );
        const executionArn = start.executionArn ?? '';
        const deadline = Date.now() + Number(opts.timeout) * 1000;
        for (;;) {
          const d = await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
          if (d.status !== 'RUNNING') {
            const output = d.output ? JSON.parse(d.output) : null;
            const summary = output && typeof output === 'object' ? output : {};
            if (opts.json)
              console.log(JSON.stringify({ executionArn, status: d.status, ...summary }, null, 2));
            else {
              console.log(`${executionArn}: ${d.status}`);
              if (d.status !== 'SUCCEEDED') console.log(`  ${d.error ?? ''} ${d.cause ?? ''}`);
              if (output) console.log(`  ${JSON.stringify(summary)}`);
            }
            process.exitCode = d.status === 'SUCCEEDED' ? 0 : 1;
            return;
          }
          if (Date.now() > deadline) throw new StillRunningError(Number(opts.timeout), executionArn);
          await new Promise((r) => setTimeout(r, 250));
        }
      });
    });
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
