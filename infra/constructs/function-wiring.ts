import { Duration, type Stack } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { LindungConfig } from '../config.ts';
import type { LindungData } from '../stateful-stack.ts';
import type { FunctionName } from '../stateless-stack.ts';
import { grantSendEmail } from './data-access.ts';
import { LindungFunction, type LindungFunctionProps } from './lindung-function.ts';

/** `validate-upload` → `ValidateUpload`: the construct id (and so the logical-id prefix) of each function. */
const constructId = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());

/**
 * What every part of the stateless stack (upload intake, the two workflows, reports, API) builds its functions
 * with: the one function factory, the environment groups, the SES sender grants. Functions are created in the
 * stack's own scope, so their construct paths, and so their logical IDs, do not depend on which part defines them.
 */
export interface FunctionWiring {
  readonly stack: Stack;
  readonly config: LindungConfig;
  readonly data: LindungData;
  /** The upload bucket, imported by attributes (see StatelessStack). */
  readonly bucket: s3.IBucket;
  /** Creates `functions/<name>/handler.ts` as a LindungFunction in the stack and registers it under its name. */
  readonly define: (name: FunctionName, props: Omit<LindungFunctionProps, 'name'>) => LindungFunction;
  /** A workflow's placeholders → the functions `define` created under those names (its `tasks`). */
  readonly taskFunctions: (placeholders: Record<string, FunctionName>) => Record<string, LindungFunction>;
  /** Workflow tasks: 1 GB, 5 minutes, the TimeoutSeconds of every Task in the ASL files. */
  readonly task: { memorySize: number; timeout: Duration };
  readonly env: FunctionEnvironments;
  /** The SES identity every sender sends through. */
  readonly mailIdentityArn: string;
  /** May send as the alerts sender (LINDUNG_MAIL_FROM) only. */
  readonly sendsAlerts: (fn: LindungFunction) => void;
  /** May send as the notices sender (NOTICE_FROM_EMAIL) only, through the configuration set if any. */
  readonly sendsNotices: (fn: LindungFunction) => void;
}

/** Environment, by what a function's wiring reaches in the composition root (src/composition, one schema: env.ts). */
export interface FunctionEnvironments {
  /** src/composition/workflow.ts and stores.ts: the workflow tasks' bucket, tables and NIK secret. */
  readonly registry: Record<string, string>;
  /** `registry` without the NIK secret: for functions that hash no NIK (and have no grant on the secret). */
  readonly names: Record<string, string>;
  /** src/composition/employers.ts. */
  readonly employers: Record<string, string>;
  /** Quota alerts (src/composition/quota.ts → src/adapters/ses-mail-sender.ts). */
  readonly alerts: Record<string, string>;
  /** Notices, escalations and the digest (src/employers/settings.ts). */
  readonly notices: Record<string, string>;
  /** src/adapters/bpjs-gateway-from-env.ts: every function composed by enrollmentDeps builds the gateway. */
  readonly bpjs: Record<string, string>;
}

export function functionWiring(
  stack: Stack,
  config: LindungConfig,
  data: LindungData,
  bucket: s3.IBucket,
  functions: Record<FunctionName, LindungFunction>,
): FunctionWiring {
  const { uploadsTable, workersTable, programmesTable, employersTable, nikHmacSecret } = data;
  const define = (name: FunctionName, props: Omit<LindungFunctionProps, 'name'>): LindungFunction => {
    const fn = new LindungFunction(stack, constructId(name), { name, ...props });
    functions[name] = fn;
    return fn;
  };

  const registry = {
    BUCKET_NAME: bucket.bucketName,
    UPLOADS_TABLE: uploadsTable.tableName,
    WORKERS_TABLE: workersTable.tableName,
    PROGRAMMES_TABLE: programmesTable.tableName,
    NIK_HMAC_SECRET_ARN: nikHmacSecret.secretArn,
  };
  const { NIK_HMAC_SECRET_ARN: _, ...names } = registry;
  const env: FunctionEnvironments = {
    registry,
    names,
    employers: { EMPLOYERS_TABLE: employersTable.tableName, WORKERS_TABLE: workersTable.tableName },
    alerts: { LINDUNG_MAIL_FROM: config.mail.alertsFrom },
    notices: {
      NOTICE_FROM_EMAIL: config.mail.noticesFrom,
      LINDUNG_TIME_ZONE: config.timeZone,
      ...(config.mail.disnakertransEmails
        ? { DISNAKERTRANS_EMAILS: config.mail.disnakertransEmails.join(',') }
        : {}),
      ...(config.mail.configurationSet ? { SES_CONFIGURATION_SET: config.mail.configurationSet } : {}),
    },
    bpjs: { LINDUNG_BPJS_GATEWAY: config.bpjsGateway },
  };

  // SES: one identity, and per function exactly the From address it sends as.
  const mailIdentityArn = stack.formatArn({
    service: 'ses',
    resource: 'identity',
    resourceName: config.mail.identity,
  });
  const configurationSetArn = config.mail.configurationSet
    ? stack.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: config.mail.configurationSet,
      })
    : undefined;

  return {
    stack,
    config,
    data,
    bucket,
    define,
    taskFunctions: (placeholders) =>
      Object.fromEntries(
        Object.entries(placeholders).map(([placeholder, name]) => {
          if (!functions[name]) throw new Error(`${placeholder}: ${name} is not defined yet`);
          return [placeholder, functions[name]];
        }),
      ),
    task: { memorySize: 1024, timeout: Duration.minutes(5) },
    env,
    mailIdentityArn,
    sendsAlerts: (fn) => grantSendEmail(fn.function, mailIdentityArn, config.mail.alertsFrom),
    sendsNotices: (fn) =>
      grantSendEmail(fn.function, mailIdentityArn, config.mail.noticesFrom, configurationSetArn),
  };
}
