import type { Command } from 'commander';
import { enrollmentStarter } from '../../composition/quota.ts';
import { stackNikHasher } from '../../composition/stack-runtime.ts';
import { NoProgrammeError } from '../../enrollment/reserve-quota.ts';
import { retryWorkers } from '../../enrollment/retry-workers.ts';
import { formatRupiah } from '../../quota/calendar.ts';
import { programmeId } from '../../quota/model.ts';
import { programmeForReservation } from '../../quota/programme.ts';
import { exitWorker, WorkerNotFoundError } from '../../quota/release.ts';
import { regencyConfig } from '../../shared/regency-config.ts';
import { cleanNik, isNikShape, maskNik } from '../../validation/nik.ts';
import { auditCli } from '../access-clients.ts';
import { UsageError } from '../errors.ts';
import { promoteAndEnroll, quotaDepsFor, waitForExecutions } from '../quota-ops.ts';
import { refreshAfterExit } from '../refresh-after-exit.ts';
import { DEFAULT_DATA_DIR, withStack } from '../stack-client.ts';
import { uploadWorkers } from '../upload-workers.ts';

function nikArgument(raw: string): string {
  const nik = cleanNik(raw);
  if (!isNikShape(nik))
    throw new UsageError(`NIK ${maskNik(raw)} bukan 16 angka.`, `NIK ${maskNik(raw)} is not 16 digits.`);
  return nik;
}

const notRegistered = (nik: string) =>
  new WorkerNotFoundError(`NIK ${maskNik(nik)} tidak terdaftar.`, `NIK ${maskNik(nik)} is not registered.`);

export function register(program: Command): void {
  // Options after a subcommand belong to it (`worker show NIK --json`), before it to `worker NIK`.
  const group = program.command('worker').enablePositionalOptions();

  const show = async (raw: string, opts: { json?: boolean; dataDir: string }) => {
    const nik = nikArgument(raw);
    await withStack(opts.dataDir, async (clients) => {
      const deps = quotaDepsFor(clients);
      const w = await deps.workers.get(stackNikHasher(clients.info)(nik));
      if (!w) throw notRegistered(nik);
      const rank = w.waitlist
        ? await deps.workers.waitlistRank(w.waitlist.programme, w.waitlist.position)
        : null;
      const view = {
        nik: maskNik(nik),
        status: w.status,
        desa: w.desa,
        uploadId: w.uploadId,
        row: w.row,
        ...(w.kpj ? { kpj: w.kpj } : {}),
        ...(w.coverageStart ? { coverageStart: w.coverageStart } : {}),
        ...(w.coverageEnd ? { coverageEnd: w.coverageEnd } : {}),
        ...(w.batchId ? { batchId: w.batchId } : {}),
        ...(w.place ? { place: w.place } : {}),
        ...(rank !== null ? { waitlistRank: rank } : {}),
        ...(w.reason ? { reason: w.reason } : {}),
        history: w.history ?? [],
      };
      if (opts.json) {
        console.log(JSON.stringify(view, null, 2));
        return;
      }
      console.log(`${view.nik}: ${w.status} (desa ${w.desa}, unggahan ${w.uploadId} baris ${w.row})`);
      if (w.kpj)
        console.log(
          `  KPJ ${w.kpj}, perlindungan / coverage ${w.coverageStart ?? '?'} – ${w.coverageEnd ?? '?'}`,
        );
      if (w.place)
        console.log(
          `  tempat kuota / place: ${w.place.fromMonth}–${w.place.endMonth}, ${formatRupiah(w.place.committed)}`,
        );
      if (rank !== null) console.log(`  antrean / in line: nomor ${rank}`);
      if (w.reason) console.log(`  alasan / reason: ${w.reason}`);
      for (const h of view.history) console.log(`  ${h.at}  → ${h.to.padEnd(10)} ${h.reason}  (${h.by})`);
    });
  };

  // `lindung worker NIK` and `lindung worker show NIK` both show one worker.
  group
    .argument('[nik]', '16-digit NIK: show this worker')
    .option('--json', 'print as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (raw: string | undefined, opts: { json?: boolean; dataDir: string }) => {
      if (!raw) return group.help();
      await show(raw, opts);
    });

  group
    .command('show')
    .description(
      'Status, KPJ, perlindungan, tempat kuota, antrean dan riwayat / status, KPJ, coverage, place, line, history',
    )
    .argument('<nik>', '16-digit NIK')
    .option('--json', 'print as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(show);

  group
    .command('exit')
    .description(
      'Pekerja keluar dari program: tempatnya untuk antrean berikutnya / a worker leaves the programme; the place goes to the next in line',
    )
    .argument('<nik>', '16-digit NIK')
    .requiredOption('--reason <text>', 'why (pindah domisili, meninggal, ditanggung pemberi kerja…)')
    .option('--json', 'print the result as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (raw: string, opts: { reason: string; json?: boolean; dataDir: string }) => {
      const nik = nikArgument(raw);
      await withStack(opts.dataDir, async (clients) => {
        const deps = quotaDepsFor(clients);
        const by = `cli:${process.env.USER ?? 'admin'}`;
        const hash = stackNikHasher(clients.info);
        const nikHash = hash(nik);
        const result = await exitWorker(deps, nikHash, {
          reason: opts.reason,
          by,
        }).catch((error: unknown) => {
          if (error instanceof WorkerNotFoundError) throw notRegistered(nik);
          throw error;
        });
        await auditCli(clients, {
          action: 'worker.exit',
          entity: `worker#${nikHash}`,
          old: { status: result.from },
          new: {
            status: 'EXITED',
            reason: opts.reason,
            placeReleased: result.released,
            refund: result.refund,
          },
        });
        // The worker's upload and coverage counters count the exit (src/enrollment/refresh-upload.ts).
        await refreshAfterExit(clients, hash, nik, result.programme);
        const promotion =
          result.released && result.programme
            ? await promoteAndEnroll(clients, result.programme, by)
            : undefined;
        const out = {
          nik: maskNik(nik),
          from: result.from,
          status: 'EXITED',
          placeReleased: result.released,
          refund: result.refund,
          leftWaitlist: result.leftWaitlist,
          promoted: promotion?.promoted.length ?? 0,
          ...(result.programme ? { programme: programmeId(result.programme) } : {}),
        };
        if (opts.json) console.log(JSON.stringify(out, null, 2));
        else {
          console.log(`${out.nik}: ${result.from} → EXITED (${opts.reason})`);
          if (result.released)
            console.log(
              `  tempat dilepas / place released, ${formatRupiah(result.refund)} kembali ke anggaran / back to the budget`,
            );
          if (result.leftWaitlist) console.log('  keluar dari daftar tunggu / left the waitlist');
          if (out.promoted > 0)
            console.log(`  ${out.promoted} pekerja naik dari daftar tunggu / promoted from the waitlist`);
        }
      });
    });

  group
    .command('retry')
    .description(
      'Coba lagi pekerja yang GAGAL: tempat kuota baru atau antre, lalu daftar ulang ke BPJS / retry FAILED workers',
    )
    .argument('[nik]', '16-digit NIK of one FAILED worker')
    .option('--upload <uploadId>', 'every FAILED worker of this upload')
    .option('--json', 'print the result as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (raw: string | undefined, opts: { upload?: string; json?: boolean; dataDir: string }) => {
      if (Boolean(raw) === Boolean(opts.upload))
        throw new UsageError('Sebutkan NIK atau --upload ID.', 'Give a NIK or --upload ID.');
      await withStack(opts.dataDir, async (clients) => {
        const deps = quotaDepsFor(clients);
        const targets = raw
          ? await deps.workers.getMany([stackNikHasher(clients.info)(nikArgument(raw))])
          : (await uploadWorkers(clients, opts.upload ?? '')).filter((w) => w.status === 'FAILED');
        if (targets.length === 0)
          throw new WorkerNotFoundError('Tidak ada pekerja GAGAL.', 'No FAILED worker found.');
        const programme = await programmeForReservation(
          deps.programmes,
          regencyConfig.regency.code,
          deps.now(),
        );
        if (!programme)
          throw new NoProgrammeError(regencyConfig.regency.code, deps.now().toISOString().slice(0, 10));
        const result = await retryWorkers(
          {
            quota: deps,
            start: enrollmentStarter(clients, clients.info.stateMachines.enrollment),
            by: `cli:${process.env.USER ?? 'admin'}`,
          },
          { regency: programme.regency, year: programme.year },
          targets,
        );
        for (const w of targets)
          await auditCli(clients, {
            action: 'worker.retry',
            entity: `worker#${w.nikHash}`,
            old: { status: 'FAILED' },
            new: { status: 'retried' },
          });
        await waitForExecutions(clients, result.executions, 600_000);
        const after = await deps.workers.getMany(targets.map((w) => w.nikHash));
        const out = {
          ...result,
          workers: after.map((w) => ({
            nik: maskNik(w.nik),
            status: w.status,
            ...(w.reason ? { reason: w.reason } : {}),
          })),
        };
        if (opts.json) console.log(JSON.stringify(out, null, 2));
        else {
          console.log(
            `dicoba lagi / retried ${result.retried}: tempat / reserved ${result.reserved}, antre / waitlisted ${result.waitlisted}`,
          );
          for (const w of out.workers)
            console.log(`  ${w.nik}: ${w.status}${w.reason ? ` (${w.reason})` : ''}`);
        }
      });
    });
}
