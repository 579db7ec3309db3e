import { type Command, CommanderError } from 'commander';
import { classify, EXIT_CODES, exitCodeFor } from '../shared/errors.ts';

/**
 * The one place the CLI turns a failure into what a person reads and the exit code a script reads (README,
 * "Exit codes"). Commands throw; they do not print errors or set exit codes for them. Imports nothing but the
 * error base and commander, so `lindung --help` stays as fast as before.
 */
export async function runCli(program: Command, run: () => Promise<unknown>): Promise<void> {
  let running = program.name();
  program.exitOverride();
  program.hook('preAction', (_program, action) => {
    running = commandPath(action);
  });
  try {
    await run();
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its message (or the help): help and --version keep its code, a bad command
      // line is a rejected input.
      process.exitCode = /^commander\.(help|helpDisplayed|version)$/.test(error.code)
        ? error.exitCode
        : EXIT_CODES.invalid;
      return;
    }
    const { text, code } = describeFailure(error);
    console.error(`${running}: ${text}`);
    if (process.env.LINDUNG_DEBUG && error instanceof Error && error.stack) console.error(error.stack);
    process.exitCode = code;
  }
}

/** `lindung program set` for the `set` subcommand. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The message in Bahasa Indonesia, then English, and the exit code for an error. */
export function describeFailure(error: unknown): { text: string; code: number } {
  const known = classify(error);
  if (known) return { text: `${known.message}\n  (${known.messageEn})`, code: exitCodeFor(known) };
  const detail = error instanceof Error ? error.message : String(error);
  return {
    text: `Kesalahan internal: ${detail}\n  (Internal error: ${detail})`,
    code: exitCodeFor(error),
  };
}
