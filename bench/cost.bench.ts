/**
 * `npm run bench -- cost [--json]`: what one enrolled worker costs in AWS, measured on the local stack. A
 * realistic agency upload (sample generator, BENCH_COST_ROWS rows, default 3,000) goes through the file-exchange
 * gateway; the branch's acknowledgement files answer every batch (serials 9990–9999 refused, as the simulator
 * does). The handlers' own DynamoDB and S3 clients are metered (bench/cost/meter.ts), Lambda from the local
 * runtime's invocations, Step Functions from the executions' state transitions; priced at bench/cost/prices.ts.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import Papa from 'papaparse';
import { invocationObservers } from '../local/lambda-runtime.ts';
import { startLocalStack } from '../local/stack.ts';
import { clientsFor } from '../src/cli/stack-client.ts';
import { uploadAndWait } from '../src/cli/upload-and-wait.ts';
import { writeSample } from '../src/validation/sample.ts';
import { DynamoMeter, meterS3 } from './cost/meter.ts';
import { PRICES } from './cost/prices.ts';

const DATA = new URL('./.data/', import.meta.url).pathname;
const WORKERS = 150_000;
const LAMBDA_GB = 1;
/** Per invocation: START/END/REPORT lines and one INFO line. */
const LOG_BYTES_PER_INVOCATION = 1_000;

export async function run(): Promise<void> {
  const json = process.argv.includes('--json');
  const log = (line: string) => {
    if (!json) console.log(line);
  };
  const rows = Number(process.env.BENCH_COST_ROWS ?? 3_000);
  mkdirSync(DATA, { recursive: true });
  const file = join(DATA, `cost-${rows}.csv`);
  await writeSample({ rows, seed: 11 }, file);
  process.env.LINDUNG_BPJS_GATEWAY = 'file-exchange';
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const dataDir = mkdtempSync(join(tmpdir(), 'lindung-cost-'));
  const stack = await startLocalStack({ dataDir, basePort: 0 });
  try {
    const clients = clientsFor(stack.info);
    // The handlers' module-scope clients, built now that the stack has set the endpoints.
    const handlerClients = await import('../src/composition/handler-runtime.ts');
    const meter = new DynamoMeter({
      endpoint: stack.info.dynamodb,
      region: stack.info.region,
      credentials: stack.info,
    });
    meter.install(handlerClients.dynamo);
    const s3Requests = meterS3(handlerClients.s3);
    const lambda = { invocations: 0, ms: 0 };
    invocationObservers.add((_, ms) => {
      lambda.invocations += 1;
      lambda.ms += ms;
    });

    const started = Date.now();
    const first = await uploadAndWait(
      clients,
      file,
      { kind: 'agency', agency: 'disnakertrans' },
      { timeoutMs: 3600_000 },
    );
    log(
      `upload ${first.status}: ${first.submitted} submitted in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await answerBatches(clients, stack.info.bucket);
    await stack.idle();
    const upload = await clients.uploads.get(first.uploadId);
    if (!upload?.outcomes) throw new Error('upload without outcomes');
    const enrolled = upload.outcomes.enrolled;
    const transitions = await stateTransitions(clients, Object.values(stack.info.stateMachines));

    const byTable: Record<
      string,
      { writeUnits: number; readUnits: number; writeUnitsPerWorker: number; readUnitsPerWorker: number }
    > = {};
    let write = 0;
    let read = 0;
    for (const [key, u] of [...meter.units].sort(([a], [b]) => a.localeCompare(b))) {
      const name = key.replace(/^lindung-/, '');
      byTable[name] = {
        writeUnits: round(u.write),
        readUnits: round(u.read),
        writeUnitsPerWorker: round(u.write / enrolled),
        readUnitsPerWorker: round(u.read / enrolled),
      };
      write += u.write;
      read += u.read;
    }
    const perWorker = (n: number) => (n / enrolled) * WORKERS;
    const dollars = {
      dynamodb: perWorker(write * PRICES.dynamoWriteUnit + read * PRICES.dynamoReadUnit),
      stepFunctions: perWorker(transitions * PRICES.stateTransition),
      lambda: perWorker(
        lambda.invocations * PRICES.lambdaRequest + (lambda.ms / 1000) * LAMBDA_GB * PRICES.lambdaGbSecond,
      ),
      s3: perWorker(s3Requests.write * PRICES.s3Write + s3Requests.read * PRICES.s3Read),
      kms: perWorker(lambda.invocations * PRICES.kmsRequest),
      logs: perWorker(((lambda.invocations * LOG_BYTES_PER_INVOCATION) / 1e9) * PRICES.logsGb),
    };
    const dollarsPer150k = Object.values(dollars).reduce((a, b) => a + b, 0);
    const floorDollars = WORKERS * PRICES.dynamoWriteUnit;
    const result = {
      rows,
      enrolled,
      outcomes: { rejected: upload.rejected, ...upload.outcomes },
      writeUnitsPerWorker: round(write / enrolled),
      readUnitsPerWorker: round(read / enrolled),
      dollarsPer150k: round(dollarsPer150k, 4),
      floorDollars: round(floorDollars, 4),
      ratioToFloor: round(dollarsPer150k / floorDollars),
      dollarsBy: Object.fromEntries(Object.entries(dollars).map(([k, v]) => [k, round(v, 4)])),
      byTable,
      requests: {
        dynamodb: Object.fromEntries(meter.requests),
        s3: s3Requests,
        lambdaInvocations: lambda.invocations,
        stateTransitions: transitions,
      },
      prices: { asOf: PRICES.asOf, region: PRICES.region },
    };
    if (json) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    log(`${rows} rows → ${enrolled} enrolled (${JSON.stringify(result.outcomes)})`);
    log(
      `DynamoDB per enrolled worker: ${result.writeUnitsPerWorker} write units, ${result.readUnitsPerWorker} read units`,
    );
    for (const [k, v] of Object.entries(byTable))
      log(
        `  ${k.padEnd(34)} ${String(v.writeUnitsPerWorker).padStart(7)} WU/worker ${String(v.readUnitsPerWorker).padStart(7)} RU/worker`,
      );
    log(
      `150,000 workers at ${PRICES.region} prices of ${PRICES.asOf}: $${result.dollarsPer150k} (${Object.entries(
        result.dollarsBy,
      )
        .map(([k, v]) => `${k} $${v}`)
        .join(', ')})`,
    );
    log(`floor (one 1-KB write per worker): $${result.floorDollars}; ratio ${result.ratioToFloor}×`);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The branch office answers every batch file: accepted, except NIK serials 9990–9999 (not found at Dukcapil). */
async function answerBatches(clients: ReturnType<typeof clientsFor>, bucket: string): Promise<void> {
  const listed = await clients.s3.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: 'outbound/bpjs/' }),
  );
  let n = 0;
  for (const key of (listed.Contents ?? []).map((o) => o.Key ?? '').filter((k) => k.endsWith('.csv'))) {
    const body = await (
      await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body?.transformToString();
    const batch = Papa.parse<Record<string, string>>((body ?? '').replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const lines = batch.map((r, i) =>
      Number((r.NIK ?? '').slice(12)) >= 9990
        ? `${r.BATCH_ID},${r.NIK},DITOLAK,,,NIK tidak ditemukan di Dukcapil`
        : `${r.BATCH_ID},${r.NIK},DITERIMA,${String(26e9 + n * 1e4 + i)},01-12-2026,`,
    );
    n += 1;
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `inbound/bpjs/ack-${n}.csv`,
        Body: ['BATCH_ID,NIK,STATUS,KPJ,TANGGAL_MULAI,ALASAN', ...lines].join('\n'),
      }),
    );
  }
}

async function stateTransitions(clients: ReturnType<typeof clientsFor>, machines: string[]): Promise<number> {
  let count = 0;
  for (const stateMachineArn of machines) {
    const executions =
      (await clients.sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }))).executions ??
      [];
    for (const e of executions) {
      let nextToken: string | undefined;
      do {
        const page = await clients.sfn.send(
          new GetExecutionHistoryCommand({ executionArn: e.executionArn, maxResults: 1000, nextToken }),
        );
        count += (page.events ?? []).filter((ev) => String(ev.type).endsWith('StateEntered')).length;
        nextToken = page.nextToken;
      } while (nextToken);
    }
  }
  return count;
}
