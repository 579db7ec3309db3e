import { basename } from 'node:path';
import type { Command } from 'commander';
import { EXIT_CODES } from '../../shared/errors.ts';
import type { UploadSummary } from '../../uploads/model.ts';
import { formatSummary } from '../format.ts';
import { followUpload, ProgressBars } from '../progress.ts';
import { DEFAULT_DATA_DIR, withStack } from '../stack-client.ts';
import { uploadAndWait } from '../upload-and-wait.ts';
import { uploaderFrom } from '../uploader.ts';

/** Exit code of the contract: 0 processed, 2 a file rejected, 1 an internal failure (README, exit codes). */
function exitCodeOfSummaries(summaries: UploadSummary[]): number {
  if (summaries.some((s) => s.status === 'FAILED')) return EXIT_CODES.internal;
  if (summaries.some((s) => s.status === 'REJECTED')) return EXIT_CODES.invalid;
  return 0;
}

export function register(program: Command): void {
  program
    .command('process')
    .argument('<files...>', 'CSV or XLSX worker lists')
    .option('--desa <code>', '10-digit desa code (uploads/desa/<code>/…)')
    .option('--agency <id>', 'agency id (uploads/agency/<id>/…)')
    .option('--json', 'print the summary as JSON (one object, or an array for several files)')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .option('--timeout <seconds>', 'give up waiting after this many seconds', '1800')
    .action(
      async (
        files: string[],
        opts: { desa?: string; agency?: string; json?: boolean; dataDir: string; timeout: string },
      ) => {
        const uploader = uploaderFrom(opts);
        // A bar per file on a terminal; nothing extra for --json or when the output is read by a program.
        const bars =
          !opts.json && process.stderr.isTTY ? new ProgressBars(files.map((f) => basename(f))) : undefined;
        const summaries = await withStack(opts.dataDir, (clients) =>
          Promise.all(
            files.map((file, i) =>
              uploadAndWait(clients, file, uploader, {
                timeoutMs: Number(opts.timeout) * 1000,
                ...(bars ? { onProgress: followUpload(clients, bars, i) } : {}),
              }),
            ),
          ),
        ).finally(() => bars?.stop());
        if (opts.json)
          console.log(JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2));
        else for (const [i, s] of summaries.entries()) console.log(formatSummary(files[i] ?? '', s));
        process.exitCode = exitCodeOfSummaries(summaries);
      },
    );
}
