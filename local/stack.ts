import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import sesModule from 'aws-ses-v2-local';
import S3rver from 's3rver';
import { coreClients } from '../src/composition/clients.ts';
import { programmeRepository } from '../src/composition/quota.ts';
import { ensureExampleProgramme } from '../src/quota/programme.ts';
import { regencyConfig } from '../src/shared/regency-config.ts';
import { dashboardConfig, startDashboardServer } from './dashboard-server.ts';
import { type EmulatorStats, startDynamoProcess } from './dynamodb.ts';
import { type FrontDoor, startFrontDoor } from './front-door.ts';
import {
  drainInvocations,
  FUNCTIONS,
  functionNameFromArn,
  invokeLocal,
  localFunctionArn,
  substitutionName,
} from './lambda-runtime.ts';
import { S3Notifications } from './s3-notifications.ts';
import { startSchedules } from './schedules.ts';
import { stackFile } from './stack-file.ts';
import { stepFunctionsApi } from './stepfunctions/api.ts';
import { LocalStepFunctions } from './stepfunctions/engine.ts';
import { ensureTables, tableDefinitions } from './tables.ts';

export { stackFile };

export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** What other commands need to reach a running stack: written to <data-dir>/stack.json. */
export interface StackInfo {
  s3: string;
  dynamodb: string;
  stepfunctions: string;
  ses: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** By workflow file: enrollment, employerNotification, … */
  stateMachines: { enrollment: string } & Record<string, string>;
  tables: { uploads: string; workers: string; programmes: string; employers: string; access: string };
  /** The front door (local/front-door.ts): API base URL, Cognito endpoint, user pool and app client. */
  api: string;
  cognito: string;
  userPoolId: string;
  userPoolClientId: string;
  dataDir: string;
  pid: number;
  /** The dashboard (web/), with its config.json made from this file. */
  dashboard?: string;
}

export interface StackOptions {
  dataDir: string;
  /** First of four consecutive ports (S3, DynamoDB, Step Functions, SES); 0 picks free ports. */
  basePort?: number;
  region?: string;
  /** Deliver every S3 event this many times (at-least-once tests). */
  eventCopies?: number;
  onDeliveryError?: (error: unknown) => void;
}

export interface LocalStack {
  info: StackInfo;
  stepFunctions: LocalStepFunctions;
  /** On a fresh data folder: the example users with their passwords (printed once by `lindung start`). */
  exampleUsers: FrontDoor['exampleUsers'];
  /** Resolves when no S3 event is being delivered and no execution is running. */
  idle(): Promise<void>;
  /** The DynamoDB emulator process's CPU time and requests by operation so far (benchmarks). */
  dynamoStats(): Promise<EmulatorStats>;
  stop(): Promise<void>;
}

const BUCKET = 'lindung-local';
const TABLES = {
  uploads: 'lindung-uploads',
  workers: 'lindung-workers',
  programmes: 'lindung-programmes',
  employers: 'lindung-employers',
  access: 'lindung-access',
};
const WORKFLOWS_DIR = new URL('../workflows/', import.meta.url).pathname;

export async function startLocalStack(options: StackOptions): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  const region = options.region ?? 'ap-southeast-3';
  const base = options.basePort ?? 4566;
  const port = (offset: number) => (base === 0 ? 0 : base + offset);
  mkdirSync(dataDir, { recursive: true });

  const closers: Array<() => Promise<void>> = [];
  try {
    const dynamo = await startDynamoProcess(join(dataDir, 'dynamodb'), port(1));
    const dynamoUrl = dynamo.url;
    closers.push(dynamo.stop);

    const s3rver = new S3rver({
      address: '127.0.0.1',
      port: port(0),
      silent: true,
      directory: join(dataDir, 's3'),
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const s3Address = (await s3rver.run()) as AddressInfo;
    const s3Url = `http://127.0.0.1:${s3Address.port}`;
    closers.push(() => s3rver.close());

    const sesServer = await cjsDefault<(typeof sesModule)['default']>(sesModule)({
      host: '127.0.0.1',
      port: port(3) === 0 ? 0 : port(3),
    });
    const sesUrl = `http://127.0.0.1:${(sesServer.address() as AddressInfo).port}`;
    closers.push(() => close(sesServer));

    const stepFunctions = new LocalStepFunctions(join(dataDir, 'stepfunctions'), region, (arn, input) =>
      invokeLocal(functionNameFromArn(arn), input),
    );
    const sfnServer = createServer(stepFunctionsApi(stepFunctions));
    const sfnUrl = await listen(sfnServer, port(2));
    closers.push(async () => {
      await stepFunctions.close();
      await close(sfnServer);
    });

    // Every workflows/<name>.asl.json, with the same substitutions CDK passes (function ARNs, state machine ARNs).
    const workflowFiles = readdirSync(WORKFLOWS_DIR).filter((f) => f.endsWith('.asl.json'));
    const stateMachines = Object.fromEntries(
      workflowFiles.map((f) => {
        const base = f.replace('.asl.json', '');
        return [camel(base), `arn:aws:states:${region}:000000000000:stateMachine:lindung-${base}`];
      }),
    );
    const substitutions = {
      ...Object.fromEntries(FUNCTIONS.map((f) => [substitutionName(f), localFunctionArn(region, f)])),
      ...Object.fromEntries(
        Object.entries(stateMachines).map(([k, arn]) => [`${pascal(k)}StateMachineArn`, arn]),
      ),
    };
    for (const f of workflowFiles) {
      const definition = substitute(readFileSync(join(WORKFLOWS_DIR, f), 'utf8'), substitutions);
      stepFunctions.registerStateMachine(`lindung-${f.replace('.asl.json', '')}`, definition);
    }

    const info: Omit<StackInfo, 'api' | 'cognito' | 'userPoolId' | 'userPoolClientId'> = {
      s3: s3Url,
      dynamodb: dynamoUrl,
      stepfunctions: sfnUrl,
      ses: sesUrl,
      bucket: BUCKET,
      region,
      ...LOCAL_CREDENTIALS,
      stateMachines: stateMachines as StackInfo['stateMachines'],
      tables: TABLES,
      dataDir,
      pid: process.pid,
    };
    applyEnvironment(info, nikHmacKey(dataDir));
    // The stack's own client (tables, example users and programme), from the composition root.
    const { dynamo: db } = coreClients({
      region,
      credentials: LOCAL_CREDENTIALS,
      endpoints: { dynamodb: dynamoUrl },
    });
    await ensureTables(db, tableDefinitions(TABLES));
    const front = await startFrontDoor({ dataDir, region, db, accessTable: TABLES.access });
    closers.push(front.stop);
    const { stop: _stop, exampleUsers, ...frontInfo } = front;
    const stackInfo: StackInfo = { ...info, ...frontInfo };
    // The example programme (this year, the configured regency's quota and premium) unless the data folder has one.
    await ensureExampleProgramme(programmeRepository({ dynamo: db, tables: TABLES }), regencyConfig);

    const notifications = new S3Notifications({
      dir: join(dataDir, 'events'),
      region,
      copies: options.eventCopies ?? 1,
      rules: [
        {
          prefix: 'uploads/',
          deliver: (event) => invokeLocal('validate-upload', event),
          onFailure: (record) => invokeLocal('upload-failed', record),
        },
        // Claims before acknowledgements: the first matching prefix wins.
        { prefix: 'inbound/bpjs/claims/', deliver: (event) => invokeLocal('ingest-bpjs-claims', event) },
        { prefix: 'inbound/bpjs/', deliver: (event) => invokeLocal('ingest-bpjs-ack', event) },
      ],
      ...(options.onDeliveryError ? { onError: options.onDeliveryError } : {}),
    });
    // s3rver is a Koa app (an EventEmitter) that emits S3-notification-shaped records for every write.
    (s3rver as unknown as EventEmitter).on('event', (event: { Records: [] }) =>
      notifications.onObjectEvent(event),
    );
    notifications.redeliverPending();
    stepFunctions.resumeInterrupted();
    closers.push(startSchedules().stop); // periodic reports (local/schedules.ts)

    const dashboard = await startDashboardServer(port(9), () => dashboardConfig(stackInfo));
    stackInfo.dashboard = dashboard.url;
    closers.push(dashboard.stop);

    writeFileSync(stackFile(dataDir), `${JSON.stringify(stackInfo, null, 2)}\n`);
    let stopped = false;
    return {
      info: stackInfo,
      stepFunctions,
      exampleUsers,
      dynamoStats: dynamo.stats,
      async idle() {
        // An upload's execution starts inside its delivery; loop until both are quiet at once.
        for (;;) {
          await notifications.idle();
          await stepFunctions.idle();
          await new Promise((r) => setTimeout(r, 50));
          if (!(await isBusy(notifications, stepFunctions))) return;
        }
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        rmSync(stackFile(dataDir), { force: true });
        // No new deliveries, running executions paused (resumed by the next start), then let the handlers
        // already running finish before the emulators close under them.
        notifications.close();
        await stepFunctions.close();
        await drainInvocations();
        for (const c of closers.reverse()) await c().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    throw error;
  }
}

async function isBusy(n: S3Notifications, s: LocalStepFunctions): Promise<boolean> {
  const quick = Symbol('idle');
  const race = (p: Promise<void>) =>
    Promise.race([p.then(() => quick), new Promise((r) => setTimeout(() => r('busy'), 10))]);
  return (await race(n.idle())) !== quick || (await race(s.idle())) !== quick;
}

/**
 * The environment handlers read, in AWS set by CDK: table and bucket names, the state machine, and the SDK's
 * standard endpoint variables pointing at the local emulators.
 */
function applyEnvironment(info: Omit<StackInfo, keyof FrontDoor>, hmacKey: string): void {
  Object.assign(process.env, {
    AWS_REGION: info.region,
    AWS_ACCESS_KEY_ID: info.accessKeyId,
    AWS_SECRET_ACCESS_KEY: info.secretAccessKey,
    AWS_ENDPOINT_URL_S3: info.s3,
    AWS_ENDPOINT_URL_DYNAMODB: info.dynamodb,
    AWS_ENDPOINT_URL_SFN: info.stepfunctions,
    AWS_ENDPOINT_URL_SESV2: info.ses,
    // The S3 emulator stores aws-chunked framing verbatim: send checksums only when an API requires them.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    LINDUNG_S3_FORCE_PATH_STYLE: 'true',
    BUCKET_NAME: info.bucket,
    UPLOADS_TABLE: info.tables.uploads,
    WORKERS_TABLE: info.tables.workers,
    PROGRAMMES_TABLE: info.tables.programmes,
    ENROLLMENT_STATE_MACHINE_ARN: info.stateMachines.enrollment,
    EMPLOYERS_TABLE: info.tables.employers,
    EMPLOYER_NOTIFICATION_STATE_MACHINE_ARN: info.stateMachines.employerNotification ?? '',
    LINDUNG_NIK_HMAC_KEY: hmacKey,
    LINDUNG_MAIL_FROM: process.env.LINDUNG_MAIL_FROM ?? regencyConfig.mail.alertsFrom,
    // BPJS: the simulator unless told otherwise (LINDUNG_BPJS_FAILURE_RATE / _LATENCY_MS tune its faults).
    LINDUNG_BPJS_GATEWAY: process.env.LINDUNG_BPJS_GATEWAY ?? 'simulator',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  });
}

/** The NIK HMAC key of this data folder: generated once, kept with the data it keys. */
function nikHmacKey(dataDir: string): string {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { nikHmacKey: string }).nikHmacKey;
  const nikHmacKey = randomBytes(32).toString('base64url');
  writeFileSync(file, JSON.stringify({ nikHmacKey }), { mode: 0o600 });
  return nikHmacKey;
}

/** A CommonJS default export, whichever way the loader (tsx, vitest) wrapped it. */
function cjsDefault<F>(mod: unknown): F {
  const inner = (mod as { default?: F }).default;
  return (typeof mod === 'function' ? mod : (inner ?? mod)) as F;
}

const camel = (s: string) => s.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function substitute(definition: string, values: Record<string, string>): string {
  return definition.replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function listen(server: Server, port: number): Promise<string> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections?.();
  });
}
