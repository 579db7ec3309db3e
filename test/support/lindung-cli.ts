import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs `lindung <args> --data-dir <dataDir>` as a person would; a non-zero exit is returned, not thrown. */
export async function lindungCli(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const out = await run(process.execPath, ['bin/lindung.mjs', ...args, '--data-dir', dataDir], {
      cwd: new URL('../../', import.meta.url).pathname,
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, ...out };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
