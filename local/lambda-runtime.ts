import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * The local stand-in for Lambda: a function name resolves to the very handler module CDK bundles
 * (functions/<name>/handler.ts), imported lazily in this process after the stack has set the environment.
 */
export const FUNCTIONS = [
  'validate-upload',
  'register-workers',
  'reserve-quota',
  'enroll-workers',
  'finalize-upload',
] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const ACCOUNT = '000000000000';

export function localFunctionArn(region: string, name: string): string {
  return `arn:aws:lambda:${region}:${ACCOUNT}:function:lindung-${name}`;
}

export function functionNameFromArn(arn: string): FunctionName {
  const name = arn.split(':function:lindung-')[1];
  const known = FUNCTIONS.find((f) => f === name);
  if (!known) throw new Error(`No local function for ${arn}`);
  return known;
}

const modules = new Map<FunctionName, Promise<Handler>>();

function load(name: FunctionName): Promise<Handler> {
  let handler = modules.get(name);
  if (!handler) {
    handler = import(new URL(`../functions/${name}/handler.ts`, import.meta.url).href).then(
      (m: { handler: Handler }) => m.handler,
    );
    modules.set(name, handler);
  }
  return handler;
}

/** Invokes a handler like Lambda does: a fresh context per call; a thrown error keeps its name (errorType). */
export async function invokeLocal(name: FunctionName, event: unknown, timeoutMs = 900_000): Promise<unknown> {
  const handler = await load(name);
  const deadline = Date.now() + timeoutMs;
  const context = {
    functionName: `lindung-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(process.env.AWS_REGION ?? 'ap-southeast-3', name),
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/lindung-${name}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } satisfies Context;
  // A JSON round trip, as the Lambda service does: handlers get and return plain data.
  const result = await handler(JSON.parse(JSON.stringify(event)), context);
  return result === undefined ? null : JSON.parse(JSON.stringify(result));
}
