import { Command } from 'commander';
import { registerCommands } from './commands/index.ts';

const program = new Command('lindung')
  .description(
    'Pendaftaran pekerja rentan ke BPJS Ketenagakerjaan / Enrolls vulnerable informal workers into BPJS Ketenagakerjaan',
  )
  .enablePositionalOptions()
  .showHelpAfterError();
await registerCommands(program, process.argv.slice(2));
await program.parseAsync(process.argv);
