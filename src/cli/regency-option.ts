/**
 * `lindung --regency <name|file> …`: chooses the regency file before any command module loads the regency
 * configuration (src/shared/regency-config.ts reads LINDUNG_REGENCY once, at start-up). Imported first by
 * main.ts for this side effect. The option is taken out of process.argv (anywhere on the line), so the command
 * registry sees the command name first; main.ts declares it on the program for the help text only.
 * A missing or invalid file ends the CLI here with its bilingual message and exit code, not a stack trace.
 */
import { describeFailure } from './run-command.ts';

const args = process.argv;
const at = args.findIndex((a) => a === '--regency' || a.startsWith('--regency='));
if (at >= 0) {
  const arg = args[at] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[at + 1];
  if (value) process.env.LINDUNG_REGENCY = value;
  args.splice(at, arg.includes('=') ? 1 : 2);
}

/**
 * Not loaded (nor its schema, zod: a tenth of a second at every start) for the bare help, which reads no
 * configuration, nor for `validate`, which reads the regency file itself (and says so when it cannot).
 */
const command = args[2];
const readsNoConfiguration = command === undefined || command.startsWith('-') || command === 'validate';

if (!readsNoConfiguration) {
  try {
    await import('../shared/regency-config.ts');
  } catch (error) {
    const { text, code } = describeFailure(error);
    console.error(`lindung: ${text}`);
    process.exit(code);
  }
}
