import { type Command, CommanderError } from 'commander';
import { EXIT_CODES, exitCodeFor, LindungError } from '../shared/errors.ts';

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

interface ZodLikeError {
  name: 'ZodError';
  issues: Array<{ path: PropertyKey[]; message: string }>;
}

function isZodError(error: unknown): error is ZodLikeError {
  return (
    error instanceof Error &&
    error.name === 'ZodError' &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

/** The message in Bahasa Indonesia, then English, and the exit code for an error. */
export function describeFailure(error: unknown): { text: string; code: number } {
  if (error instanceof LindungError)
    return { text: `${error.message}\n  (${error.messageEn})`, code: exitCodeFor(error) };
  if (isZodError(error)) {
    const issues = error.issues
      .map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`)
      .join('; ');
    return { text: `Masukan tidak sah: ${issues}\n  (Invalid input: ${issues})`, code: EXIT_CODES.invalid };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    text: `Kesalahan internal: ${detail}\n  (Internal error: ${detail})`,
    code: exitCodeFor(error),
  };
}
