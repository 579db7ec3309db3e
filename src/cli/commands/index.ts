import type { Command } from 'commander';

/** A command module: `register(program)` adds its command (options, subcommands, action). */
export interface CommandModule {
  register(program: Command): void;
}

export interface CommandEntry {
  name: string;
  /** The line `lindung --help` shows for the command; its own help shows it too. */
  description: string;
  /** Imported only when this command runs, so `lindung --help` and every other command stay fast. */
  load: () => Promise<CommandModule>;
}

/** Every top-level command, in help order: one line per command, its module loaded only when it runs. */
// biome-ignore format: one line per command keeps additions from different branches apart
export const commands: readonly CommandEntry[] = [
  { name: 'start', description: 'Jalankan stack lokal di latar depan / run the local stack in the foreground', load: () => import('./start.ts') },
  { name: 'process', description: 'Unggah berkas seperti desa/instansi lalu tunggu hasilnya / upload files as an agency would and wait for the outcome', load: () => import('./process.ts') },
  { name: 'errors', description: 'Kesalahan per baris sebuah unggahan / row errors of an upload', load: () => import('./uploads.ts') },
  { name: 'status', description: 'Status sebuah unggahan dan eksekusinya / status of an upload and its workflow run', load: () => import('./uploads.ts') },
  { name: 'runs', description: 'Unggahan terbaru dan eksekusinya / recent uploads and their workflow runs', load: () => import('./uploads.ts') },
  { name: 'validate', description: 'Periksa berkas daftar pekerja tanpa mengunggah / validate a worker list offline', load: () => import('./validate.ts') },
  { name: 'sample', description: 'Buat daftar pekerja contoh (data sintetis) / write a synthetic worker list', load: () => import('./sample.ts') },
  { name: 'template', description: 'Tulis templat Excel daftar pekerja / write the Excel worker-list template', load: () => import('./template.ts') },
  { name: 'employers', description: 'Pemberi kerja pekerja yang dirujuk: pemberitahuan dan eskalasi / employers of referred workers: notices and escalations', load: () => import('./employers.ts') },
  { name: 'outbox', description: 'E-mail yang terkirim lewat SES lokal / e-mail sent through the local SES endpoint', load: () => import('./outbox.ts') },
  { name: 'program', description: 'Program kuota per kabupaten dan tahun / the quota programme per regency and year', load: () => import('./program.ts') },
  { name: 'quota', description: 'Kuota program: terpakai, sisa, daftar tunggu, anggaran / programme quota gauge', load: () => import('./quota.ts') },
  { name: 'worker', description: 'Seorang pekerja / one worker', load: () => import('./worker.ts') },
  { name: 'approve', description: 'Setujui pendaftaran sebuah unggahan; tanpa ID: daftar unggahan yang menunggu / approve an upload’s enrollment; without an ID: list those awaiting approval', load: () => import('./approve.ts') },
  { name: 'report', description: 'Laporan berkala mingguan/bulanan: e-mail, grafik, Excel / periodic weekly/monthly report: e-mail, chart, spreadsheet', load: () => import('./report.ts') },
  { name: 'claims', description: 'Klaim dan manfaat BPJS: impor berkas / BPJS claims and benefits: import a file', load: () => import('./claims.ts') },
  { name: 'user', description: 'Pengguna: tambah, daftar, nonaktifkan / users: add, list, disable', load: () => import('./user.ts') },
  { name: 'audit', description: 'Jejak audit perubahan oleh orang / audit trail of changes people made', load: () => import('./audit.ts') },
];

/**
 * Adds the command `argv` names (`lindung <name> …` or `lindung help <name>`) from its module, with the
 * registry's description. For anything else (no command, `--help`, a typo) every command is added as a help
 * entry only, so commander lists them and suggests the nearest name. Loads at most one command module.
 */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const name = argv[0] === 'help' ? argv[1] : argv[0];
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    for (const c of commands) program.command(c.name).description(c.description);
    return;
  }
  (await entry.load()).register(program);
  for (const command of program.commands) {
    const described = commands.find((c) => c.name === command.name());
    if (described) command.description(described.description);
  }
}
