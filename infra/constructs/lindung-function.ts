import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type Size, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { regencyOf } from '../config.ts';
import { grantQueueKeyForSend } from './data-access.ts';

/** Repository root: handlers live in `functions/<name>/handler.ts`, the lock file next to package.json. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * ESM bundles have no `require`; some CommonJS dependencies (exceljs, iconv-lite, …) still call it once
 * esbuild has inlined them. The alias avoids clashing with any identifier in the bundle.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __lindungCreateRequire } from 'node:module'; const require = __lindungCreateRequire(import.meta.url);";

/** Folder of the idn-area-data CSVs inside a bundle that ships them (`bundleAreaData`). */
export const AREA_DATA_BUNDLE_DIR = 'idn-area-data';
/** Where that folder is in Lambda: the bundle is unpacked in LAMBDA_TASK_ROOT, /var/task. */
export const AREA_DATA_LAMBDA_DIR = `/var/task/${AREA_DATA_BUNDLE_DIR}`;
/**
 * What `loadRegionDirectory` reads (src/validation/regions.ts), and the data licence (ODbL) that must travel
 * with the data.
 */
export const AREA_DATA_FILES = ['LICENSE.md', 'districts.csv', 'regencies.csv', 'villages.csv'] as const;

/** idn-area-data's `data/` folder in this checkout, resolved the way src/validation/regions.ts resolves it. */
export function areaDataSourceDir(): string {
  const require = createRequire(path.join(REPO_ROOT, 'package.json'));
  const dir = path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');
  for (const file of AREA_DATA_FILES) {
    if (!existsSync(path.join(dir, file))) throw new Error(`idn-area-data has no ${file} in ${dir}`);
  }
  return dir;
}

/**
 * Asynchronous invocations (S3 events) of a function with a failed-events queue: Lambda retries a failed event
 * this many times (backing off about one, then two minutes) before sending it to the queue.
 */
export const ASYNC_RETRY_ATTEMPTS = 2;
/**
 * How long Lambda keeps an event it could not run yet (throttled, or waiting for a retry) before sending it to
 * the queue: the maximum, so a burst of uploads that exhausts the account's concurrency waits instead of landing
 * in the queue. It has to outlast all attempts: three of at most 15 minutes each plus the backoff is under an hour.
 */
export const ASYNC_MAX_EVENT_AGE = Duration.hours(6);

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface LindungFunctionProps {
  /** The handler directory under `functions/`: `functions/<name>/handler.ts`, exporting `handler`. */
  readonly name: string;
  readonly description?: string;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default 30 seconds */
  readonly timeout?: Duration;
  /** Merged over the Powertools defaults. */
  readonly environment?: Record<string, string>;
  /** Powertools log level. @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** @default one month */
  readonly logRetention?: logs.RetentionDays;
  /** /tmp size. @default 512 MiB (Lambda's default) */
  readonly ephemeralStorageSize?: Size;
  /** At most this many invocations at once (reserved concurrency): bounds the cost of a flood of events. */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Ship idn-area-data's region CSVs beside the bundle (`idn-area-data/` in the asset) and point
   * LINDUNG_AREA_DATA_DIR at them, for handlers that call `loadRegionDirectory`. esbuild cannot inline them:
   * they are read from disk at run time. @default false
   */
  readonly bundleAreaData?: boolean;
  /**
   * Files shipped beside the bundle in folder `dir` (`/var/task/<dir>` at run time) for handlers that read them
   * from disk, e.g. the report chart's WebAssembly renderer and fonts. @default none
   */
  readonly bundleFiles?: { readonly dir: string; readonly files: readonly string[] };
  /**
   * For functions invoked asynchronously (S3 event notifications): where an event goes once Lambda's retries
   * are exhausted or it grew too old (onFailure destination), instead of being discarded; retries
   * `ASYNC_RETRY_ATTEMPTS`, maximum event age `ASYNC_MAX_EVENT_AGE`. The function may send to the queue and,
   * if the queue is KMS-encrypted, use its key through SQS only. Not for functions Step Functions invokes
   * (synchronously: the workflow sees and handles their errors). @default none: Lambda's defaults (two retries,
   * six hours), then the event is dropped
   */
  readonly failedEvents?: sqs.IQueue;
  /**
   * Instead of `failedEvents`: the function whose event failed its retries goes to this function (onFailure
   * destination, e.g. upload-failed, which records the failure where users see it). @default none
   */
  readonly failureHandler?: lambda.IFunction;
  /**
   * With `failedEvents`, for a failure handler: the events it handled also go to the queue (onSuccess), so the
   * failed-events alarm and re-drive see every failed event. @default false
   */
  readonly forwardHandledEvents?: boolean;
}

/**
 * THE house Lambda construct: every lindung function is built with it, so the defaults below hold everywhere.
 *
 * - Node.js 22 on arm64, bundled locally by esbuild (no Docker) as minified ESM with source maps;
 *   the AWS SDK is bundled too, so the code that runs is the code that was tested, whatever SDK the
 *   runtime ships.
 * - An explicitly created log group with retention, and an explicitly created role: it is granted write
 *   access to exactly that log group instead of the AWSLambdaBasicExecutionRole managed policy
 *   (`logs:*` on every log group of the account).
 * - X-Ray active tracing; Powertools service name, metrics namespace and log level in the environment.
 * - The deployment's regency file (`lindung:regency`, infra/config.ts), inlined by esbuild as
 *   LINDUNG_REGENCY_JSON: a function reads no config/ folder, and no environment variable space is spent.
 *
 * No physical names: CloudFormation names the function, role and log group.
 */
export class LindungFunction extends Construct {
  /** The handler directory under `functions/`. */
  readonly name: string;
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LindungFunctionProps) {
    super(scope, id);
    this.name = props.name;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the lindung ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      description: props.description ?? `lindung ${props.name}`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      ...(props.ephemeralStorageSize ? { ephemeralStorageSize: props.ephemeralStorageSize } : {}),
      ...(props.reservedConcurrentExecutions
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: 'lindung',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...(props.bundleAreaData ? { LINDUNG_AREA_DATA_DIR: AREA_DATA_LAMBDA_DIR } : {}),
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        bundleAwsSDK: true,
        externalModules: [],
        tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
        // The regency file chosen for this deployment (infra/config.ts), read by src/shared/regency-config.ts.
        define: { 'process.env.LINDUNG_REGENCY_JSON': JSON.stringify(JSON.stringify(regencyOf(this))) },
        ...(props.bundleAreaData || props.bundleFiles
          ? {
              commandHooks: copyFiles([
                ...(props.bundleAreaData
                  ? [
                      {
                        dir: AREA_DATA_BUNDLE_DIR,
                        files: AREA_DATA_FILES.map((f) => path.join(areaDataSourceDir(), f)),
                      },
                    ]
                  : []),
                ...(props.bundleFiles ? [props.bundleFiles] : []),
              ]),
            }
          : {}),
      },
    });

    if (props.failureHandler) {
      // LambdaDestination would grant invoke on the function and all its versions (`arn:*`): the unqualified
      // function is what Lambda invokes, so exactly that.
      const handler = props.failureHandler;
      this.function.configureAsyncInvoke({
        onFailure: { bind: () => ({ destination: handler.functionArn }) },
        retryAttempts: ASYNC_RETRY_ATTEMPTS,
        maxEventAge: ASYNC_MAX_EVENT_AGE,
      });
      this.function.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [handler.functionArn] }),
      );
    } else if (props.failedEvents) this.sendFailedEventsTo(props.failedEvents, props.forwardHandledEvents);

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: package.json engines, the local stack and CI run Node 22, so the ' +
        'code is tested on the runtime it deploys to. Move both together when the project moves to Node 24.',
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray statement that active tracing adds (xray:PutTraceSegments, xray:PutTelemetryRecords): ' +
        'X-Ray has no resource-level permissions. Every data grant names its resources ' +
        '(asserted in infra/suites/function-access.suite.ts).',
    });
  }

  private sendFailedEventsTo(queue: sqs.IQueue, forwardHandled = false): void {
    // SqsDestination grants sqs:SendMessage, sqs:GetQueueAttributes and sqs:GetQueueUrl on the queue it is
    // given. Given the queue itself, it would also grant its key with wildcard actions (kms:ReEncrypt*,
    // kms:GenerateDataKey*) and no kms:ViaService; given a view of the queue by ARN alone, it grants only those
    // SQS actions, and the key is granted like every other use of it: named actions, through SQS only.
    const destination = sqs.Queue.fromQueueArn(this, 'FailedEventsQueue', queue.queueArn);
    this.function.configureAsyncInvoke({
      onFailure: new destinations.SqsDestination(destination),
      ...(forwardHandled ? { onSuccess: new destinations.SqsDestination(destination) } : {}),
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      maxEventAge: ASYNC_MAX_EVENT_AGE,
    });
    if (queue.encryptionMasterKey) grantQueueKeyForSend(this.function, queue.encryptionMasterKey);
  }
}

/**
 * Copies files into folders of the bundle after esbuild ran (local bundling: plain shell commands), e.g. the
 * region CSVs. Copying keeps the synth offline; `bundling.nodeModules` would run `npm ci` in the bundle
 * directory on every synth, which needs the registry.
 */
function copyFiles(groups: ReadonlyArray<{ dir: string; files: readonly string[] }>): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) =>
      groups.flatMap((g) => {
        const target = path.join(outputDir, g.dir);
        return [
          `mkdir -p ${shellQuote(target)}`,
          `cp ${g.files.map(shellQuote).join(' ')} ${shellQuote(target)}`,
        ];
      }),
  };
}
