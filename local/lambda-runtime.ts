import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import type { Context } from 'aws-lambda';

/**
 * The local stand-in for Lambda: a function name resolves to the very handler module CDK bundles
 * (functions/<name>/handler.ts), imported lazily in this process after the stack has set the environment.
 */
const FUNCTIONS_DIR = new URL('../functions/', import.meta.url);

/** Every functions/<name>/handler.ts is a function, as every one is a NodejsFunction in CDK. */
export const FUNCTIONS: readonly string[] = readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(new URL(`${d.name}/handler.ts`, FUNCTIONS_DIR)))
  .map((d) => d.name);
export type FunctionName = string;

/** `validate-upload` → `ValidateUploadFunctionArn`, the ASL substitution variable CDK fills in too. */
export function substitutionName(fn: string): string {
  return `${fn.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}FunctionArn`;
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const ACCOUNT = '000000000000';

export function localFunctionArn(region: string, name: string): string {
  return `arn:aws:lambda:${region}:${ACCOUNT}:function:lindung-${name}`;
}

export function functionNameFromArn(arn: string): FunctionName {
  const name = arn.split(':function:lindung-')[1];
  if (!name || !FUNCTIONS.includes(name)) throw new Error(`No local function for ${arn}`);
  return name;
}

const modules = new Map<FunctionName, Promise<Handler>>();

/**
 * The function a handler call runs for, so local tooling can attribute SDK calls (dynamo-action-recorder.ts);
 * set only with LINDUNG_RECORD_DYNAMO_ACTIONS.
 */
export const invocationOf = new AsyncLocalStorage<FunctionName>();

let recording: Promise<void> | undefined;

function load(name: FunctionName): Promise<Handler> {
  const recordTo = process.env.LINDUNG_RECORD_DYNAMO_ACTIONS;
  if (recordTo)
    recording ??= import('./dynamo-action-recorder.ts').then((m) => m.recordDynamoActions(recordTo));
  let handler = modules.get(name);
  if (!handler) {
    handler = Promise.all([import(new URL(`${name}/handler.ts`, FUNCTIONS_DIR).href), recording]).then(
      ([m]: [{ handler: Handler }, unknown]) => m.handler,
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
  const call = () => handler(JSON.parse(JSON.stringify(event)), context);
  // Only while recording: a running AsyncLocalStorage turns on promise hooks for the whole process, which cost
  // every SDK call ~5–10% more CPU (measured on the enrollment bench).
  const invocation = process.env.LINDUNG_RECORD_DYNAMO_ACTIONS ? invocationOf.run(name, call) : call();
  inflight.add(invocation);
  const started = performance.now();
  try {
    const result = await invocation;
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  } finally {
    inflight.delete(invocation);
    for (const observe of invocationObservers) observe(name, performance.now() - started);
  }
}

/** Told of every invocation (function, wall-clock ms): the cost bench bills Lambda from these. */
export const invocationObservers = new Set<(name: FunctionName, ms: number) => void>();

const inflight = new Set<Promise<unknown>>();

/** Waits for the handlers still running (a stopping stack lets them finish before it closes the emulators). */
export async function drainInvocations(): Promise<void> {
  while (inflight.size > 0) await Promise.allSettled([...inflight]);
}
