import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type ExecutionRecord, type ExecutionStatus, type LocalStepFunctions } from './engine.ts';

/**
 * The Step Functions API (AWS JSON 1.0: POST /, X-Amz-Target: AWSStepFunctions.<Operation>) for the calls the
 * project and its administrators use, so @aws-sdk/client-sfn and the AWS CLI work unchanged.
 */
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

const summary = (e: ExecutionRecord) => ({
  executionArn: e.executionArn,
  stateMachineArn: e.stateMachineArn,
  name: e.name,
  status: e.status,
  startDate: seconds(e.startDate),
  stopDate: seconds(e.stopDate),
});

function page<T>(items: T[], maxResults: unknown, nextToken: unknown): { items: T[]; nextToken?: string } {
  const size = typeof maxResults === 'number' && maxResults > 0 ? Math.min(maxResults, 1000) : 100;
  const start = typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64url').toString()) : 0;
  const slice = items.slice(start, start + size);
  const next =
    start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  return { items: slice, ...(next ? { nextToken: next } : {}) };
}

type Body = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function operations(engine: LocalStepFunctions): Record<string, (body: Body) => unknown> {
  return {
    StartExecution: (b) => {
      const e = engine.startExecution(
        str(b.stateMachineArn) ?? '',
        str(b.name) ?? randomUUID(),
        str(b.input),
      );
      return { executionArn: e.executionArn, startDate: seconds(e.startDate) };
    },
    DescribeExecution: (b) => {
      const e = engine.describeExecution(str(b.executionArn) ?? '');
      return {
        ...summary(e),
        input: e.input,
        ...(e.output !== undefined ? { output: e.output } : {}),
        ...(e.error !== undefined ? { error: e.error, cause: e.cause } : {}),
      };
    },
    StopExecution: (b) => {
      engine.stopExecution(str(b.executionArn) ?? '');
      return { stopDate: Date.now() / 1000 };
    },
    ListExecutions: (b) => {
      const all = engine.listExecutions(
        str(b.stateMachineArn) ?? '',
        str(b.statusFilter) as ExecutionStatus | undefined,
      );
      const { items, nextToken } = page(all, b.maxResults, b.nextToken);
      return { executions: items.map(summary), ...(nextToken ? { nextToken } : {}) };
    },
    GetExecutionHistory: (b) => {
      const e = engine.describeExecution(str(b.executionArn) ?? '');
      const events = b.reverseOrder === true ? [...e.events].reverse() : e.events;
      const { items, nextToken } = page(events, b.maxResults, b.nextToken);
      return {
        events: items.map((ev) => ({ ...ev, timestamp: seconds(ev.timestamp) })),
        ...(nextToken ? { nextToken } : {}),
      };
    },
    ListStateMachines: (b) => {
      const { items, nextToken } = page(engine.listStateMachines(), b.maxResults, b.nextToken);
      return {
        stateMachines: items.map((m) => ({
          stateMachineArn: m.stateMachineArn,
          name: m.name,
          type: 'STANDARD',
          creationDate: seconds(m.creationDate),
        })),
        ...(nextToken ? { nextToken } : {}),
      };
    },
    DescribeStateMachine: (b) => {
      const m = engine.describeStateMachine(str(b.stateMachineArn) ?? '');
      return {
        stateMachineArn: m.stateMachineArn,
        name: m.name,
        status: 'ACTIVE',
        definition: m.definition,
        roleArn: 'arn:aws:iam::000000000000:role/lindung-local',
        type: 'STANDARD',
        creationDate: seconds(m.creationDate),
      };
    },
  };
}

export function stepFunctionsApi(engine: LocalStepFunctions) {
  const ops = operations(engine);
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(body));
      };
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = ops[target.replace(/^AWSStepFunctions\./, '')];
      if (req.method !== 'POST' || !op) {
        return reply(400, {
          __type: 'UnknownOperationException',
          message: `Operation not supported locally: ${target}`,
        });
      }
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        reply(200, op(text ? (JSON.parse(text) as Body) : {}));
      } catch (error) {
        if (error instanceof ApiError) return reply(400, { __type: error.type, message: error.message });
        reply(500, { __type: 'InternalServerError', message: (error as Error).message });
      }
    });
  };
}
