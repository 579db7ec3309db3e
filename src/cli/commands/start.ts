import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { type LocalStack, startLocalStack } from '../../../local/stack.ts';
import { LindungError } from '../../shared/errors.ts';
import { formatSummary } from '../format.ts';
import { printFrontDoor } from '../front-door-banner.ts';
import { clientsFor, DEFAULT_DATA_DIR, runningStack } from '../stack-client.ts';
import { uploadAndWait } from '../upload-and-wait.ts';
import { uploaderFrom } from '../uploader.ts';

const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;

interface ExampleUpload {
  file: string;
  desa?: string;
  agency?: string;
  note: string;
}

export function register(program: Command): void {
  program
    .command('start')
    .option('--data-dir <dir>', 'data folder (persisted between runs)', DEFAULT_DATA_DIR)
    .option(
      '--base-port <port>',
      'first of four ports: S3, DynamoDB, Step Functions, SES (0 = any free ports)',
      '4566',
    )
    .option('--no-examples', 'do not process the example files on a fresh data folder')
    .action(async (opts: { dataDir: string; basePort: string; examples: boolean }) => {
      const other = runningStack(opts.dataDir);
      if (other)
        throw new LindungError(
          'conflict',
          'STACK_RUNNING',
          `Stack untuk ${opts.dataDir} sudah berjalan (pid ${other.pid}): ${other.s3}`,
          `A stack is already running for ${opts.dataDir} (pid ${other.pid}): ${other.s3}`,
          { retryable: false },
        );
      const stack = await startLocalStack({
        dataDir: opts.dataDir,
        basePort: Number(opts.basePort),
        onDeliveryError: (e) =>
          console.error(`S3 event delivery failed, will retry: ${(e as Error).message}`),
      });
      printEndpoints(stack);
      printFrontDoor(stack);
      const marker = join(stack.info.dataDir, 'examples-processed');
      if (opts.examples && !existsSync(marker)) {
        await processExamples(stack);
        writeFileSync(marker, new Date().toISOString());
      }
      console.log('\nStack siap / ready. Ctrl+C untuk berhenti / to stop.');
      await new Promise<void>((resolve) => {
        const shutdown = () => resolve();
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      });
      console.log('\nBerhenti / stopping…');
      await stack.stop();
    });
}

function printEndpoints(stack: LocalStack): void {
  const i = stack.info;
  console.log(`lindung local stack (data: ${i.dataDir})
  S3             ${i.s3}   bucket ${i.bucket}
  DynamoDB       ${i.dynamodb}   tables ${Object.values(i.tables).join(', ')}
  Step Functions ${i.stepfunctions}   ${i.stateMachines.enrollment}
  SES v2         ${i.ses}   (sent mail: ${i.ses}/store)
  Dasbor         ${i.dashboard ?? '–'}   (dashboard)
  region ${i.region}, access key ${i.accessKeyId} / ${i.secretAccessKey}

Try it with the AWS CLI:
  export AWS_ACCESS_KEY_ID=${i.accessKeyId} AWS_SECRET_ACCESS_KEY=${i.secretAccessKey} AWS_DEFAULT_REGION=${i.region} AWS_REQUEST_CHECKSUM_CALCULATION=when_required
  aws s3 cp FILE.csv s3://${i.bucket}/uploads/desa/<KODE_DESA>/FILE.csv --endpoint-url ${i.s3}
  aws stepfunctions list-executions --endpoint-url ${i.stepfunctions} --state-machine-arn ${i.stateMachines.enrollment}`);
}

async function processExamples(stack: LocalStack): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(EXAMPLES, 'examples.json'), 'utf8')) as ExampleUpload[];
  console.log(
    `\nMemproses ${manifest.length} berkas contoh / processing ${manifest.length} example files from examples/:`,
  );
  const clients = clientsFor(stack.info);
  const summaries = await Promise.all(
    manifest.map((e) =>
      uploadAndWait(clients, join(EXAMPLES, e.file), uploaderFrom(e), { timeoutMs: 600_000 }),
    ),
  );
  for (const [i, s] of summaries.entries()) {
    const example = manifest[i];
    console.log(`\n# ${example?.note ?? ''}\n${formatSummary(example?.file ?? '', s)}`);
    const report = await clients.storage.getErrorReport(s.uploadId);
    for (const issue of report?.issues ?? []) {
      console.log(
        `    baris ${issue.row} · ${issue.column} · ${issue.code} (${issue.severity}): ${issue.message}`,
      );
    }
  }
}
