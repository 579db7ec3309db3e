// First: the regency is chosen before any command module reads its configuration.
import './regency-option.ts';
import { Command } from 'commander';
import { registerCommands } from './commands/index.ts';
import { runCli } from './run-command.ts';

const program = new Command('lindung')
  .description(
    'Pendaftaran pekerja rentan ke BPJS Ketenagakerjaan / Enrolls vulnerable informal workers into BPJS Ketenagakerjaan',
  )
  .option(
    '--regency <name|file>',
    'kabupaten: nama di config/ atau path berkas (bawaan LINDUNG_REGENCY, lalu kutai-timur) / regency: a name in config/ or a file path (default LINDUNG_REGENCY, then kutai-timur)',
  )
  .enablePositionalOptions()
  .showHelpAfterError();
// Every command's failure becomes its bilingual message and exit code in one place (run-command.ts).
await runCli(program, async () => {
  await registerCommands(program, process.argv.slice(2));
  await program.parseAsync(process.argv);
});
