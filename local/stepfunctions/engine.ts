import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { type HistoryEvent, HistoryRecorder, type InterpreterEvent } from './history.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StateMachineRecord {
  name: string;
  stateMachineArn: string;
  definition: string;
  creationDate: number;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  events: HistoryEvent[];
}

export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

type Invoke = (resourceArn: string, input: unknown) => Promise<unknown>;

/**
 * Runs ASL definitions with aws-local-stepfunctions, keeps executions and their history durably under `dir`,
 * and re-runs executions that were still RUNNING when the stack stopped (tasks are idempotent).
 */
export class LocalStepFunctions {
  private readonly machines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly running = new Map<string, { abort: () => void; done: Promise<void> }>();
  private readonly execDir: string;

  constructor(
    dir: string,
    private readonly region: string,
    private readonly invoke: Invoke,
    /** Retry waits in ms instead of the ASL's IntervalSeconds (tests). */
    private readonly retryIntervalMs?: number,
  ) {
    this.execDir = join(dir, 'executions');
    mkdirSync(this.execDir, { recursive: true });
    for (const file of readdirSync(this.execDir).filter((f) => f.endsWith('.json'))) {
      const record = JSON.parse(readFileSync(join(this.execDir, file), 'utf8')) as ExecutionRecord;
      this.executions.set(record.executionArn, record);
    }
  }

  registerStateMachine(name: string, definition: string): StateMachineRecord {
    const record = {
      name,
      stateMachineArn: `arn:aws:states:${this.region}:000000000000:stateMachine:${name}`,
      definition,
      creationDate: Date.now(),
    };
    this.machines.set(record.stateMachineArn, record);
    return record;
  }

  listStateMachines(): StateMachineRecord[] {
    return [...this.machines.values()];
  }

  describeStateMachine(arn: string): StateMachineRecord {
    const machine = this.machines.get(arn);
    if (!machine) throw new ApiError('StateMachineDoesNotExist', `State machine does not exist: '${arn}'`);
    return machine;
  }

  /** StartExecution semantics of a Standard workflow: same name + input while running returns the same execution. */
  startExecution(stateMachineArn: string, name: string = randomUUID(), input = '{}'): ExecutionRecord {
    const machine = this.describeStateMachine(stateMachineArn);
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
    try {
      JSON.parse(input);
    } catch {
      throw new ApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not JSON');
    }
    const executionArn = `arn:aws:states:${this.region}:000000000000:execution:${machine.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn,
      name,
      status: 'RUNNING',
      input,
      startDate: Date.now(),
      events: [],
    };
    this.executions.set(executionArn, record);
    this.run(record);
    return record;
  }

  describeExecution(executionArn: string): ExecutionRecord {
    const record = this.executions.get(executionArn);
    if (!record) throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  listExecutions(stateMachineArn: string, status?: ExecutionStatus): ExecutionRecord[] {
    this.describeStateMachine(stateMachineArn);
    return [...this.executions.values()]
      .filter((e) => e.stateMachineArn === stateMachineArn && (!status || e.status === status))
      .sort((a, b) => b.startDate - a.startDate);
  }

  stopExecution(executionArn: string): void {
    this.describeExecution(executionArn);
    this.running.get(executionArn)?.abort();
  }

  /** Re-runs executions left RUNNING by a stack that stopped mid-way. */
  resumeInterrupted(): number {
    const interrupted = [...this.executions.values()].filter(
      (e) => e.status === 'RUNNING' && !this.running.has(e.executionArn),
    );
    for (const record of interrupted) {
      if (!this.machines.has(record.stateMachineArn)) continue;
      record.events = [];
      this.run(record);
    }
    return interrupted.length;
  }

  /** Waits for every running execution (used by tests and a clean shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Stops running executions without marking them finished: the next start resumes them. */
  async close(): Promise<void> {
    const active = [...this.running.values()];
    this.closing = true;
    for (const r of active) r.abort();
    await Promise.allSettled(active.map((r) => r.done));
  }

  private closing = false;

  private run(record: ExecutionRecord): void {
    const machine = this.describeStateMachine(record.stateMachineArn);
    const definition = JSON.parse(machine.definition) as StateMachineDefinition;
    const resources = taskResources(definition);
    const taskResourceLocalHandlers = Object.fromEntries(
      [...resources].map(([stateName, arn]) => [
        stateName,
        (input: unknown) => this.invoke(arn, input) as Promise<never>,
      ]),
    );
    const recorder = new HistoryRecorder(resources);
    const execution = new StateMachine(definition, { validationOptions: { checkArn: false } }).run(
      JSON.parse(record.input),
      {
        overrides: {
          taskResourceLocalHandlers,
          ...(this.retryIntervalMs === undefined
            ? {}
            : {
                retryIntervalOverrides: Object.fromEntries(
                  [...resources.keys()].map((n) => [n, this.retryIntervalMs as number]),
                ),
              }),
        },
        context: {
          Execution: {
            Id: record.executionArn,
            Name: record.name,
            StartTime: new Date(record.startDate).toISOString(),
          },
        },
      },
    );
    let lastSave = 0;
    const done = (async () => {
      const events = (async () => {
        for await (const e of execution.eventLogs) {
          recorder.record(e as unknown as InterpreterEvent);
          record.events = recorder.events;
          if (Date.now() - lastSave > 2000) {
            lastSave = Date.now();
            this.save(record);
          }
        }
      })();
      try {
        const output = await execution.result;
        Object.assign(record, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) });
      } catch (error) {
        if (this.closing) return; // left RUNNING on disk: resumed by the next start
        const e = error as Error & { cause?: { name?: string; message?: string } };
        const aborted = e.name === 'ExecutionAbortedError';
        const timedOut = e.name === 'ExecutionTimeoutError';
        Object.assign(record, {
          status: aborted ? 'ABORTED' : timedOut ? 'TIMED_OUT' : 'FAILED',
          error: e.cause?.name ?? e.name,
          cause: e.cause?.message ?? e.message,
        });
      } finally {
        await events.catch(() => undefined);
        record.events = recorder.events;
        if (!this.closing || record.status !== 'RUNNING') {
          record.stopDate ??= record.status === 'RUNNING' ? undefined : Date.now();
        }
        this.save(record);
        this.running.delete(record.executionArn);
      }
    })();
    this.running.set(record.executionArn, { abort: execution.abort, done });
  }

  private save(record: ExecutionRecord): void {
    const file = join(this.execDir, `${record.executionArn.split(':').slice(-2).join('__')}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(record));
    renameSync(`${file}.tmp`, file);
  }
}

/** Task state name → Lambda ARN, through Map and Parallel states (the interpreter overrides tasks by name). */
export function taskResources(definition: { States: Record<string, unknown> }): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (states: Record<string, unknown>) => {
    for (const [name, raw] of Object.entries(states)) {
      const s = raw as {
        Type: string;
        Resource?: string;
        ItemProcessor?: { States: Record<string, unknown> };
        Iterator?: { States: Record<string, unknown> };
        Branches?: Array<{ States: Record<string, unknown> }>;
      };
      if (s.Type === 'Task' && s.Resource) found.set(name, s.Resource);
      if (s.ItemProcessor) walk(s.ItemProcessor.States);
      if (s.Iterator) walk(s.Iterator.States);
      for (const b of s.Branches ?? []) walk(b.States);
    }
  };
  walk(definition.States);
  return found;
}
