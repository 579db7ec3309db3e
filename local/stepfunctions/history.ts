/**
 * Turns the ASL interpreter's event log into Step Functions history events (GetExecutionHistory shape), with
 * the event types AWS records for Lambda tasks and inline Maps, so history counts match a Standard workflow.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

type StateInfo = { name: string; type: string; input?: unknown; output?: unknown };
export type InterpreterEvent = {
  type: string;
  timestamp: number;
  state?: StateInfo;
  parentState?: StateInfo;
  index?: number;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
};

const json = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? null));
const cause = (c: unknown) =>
  c instanceof Error ? c.message : typeof c === 'string' ? c : JSON.stringify(c ?? '');

export class HistoryRecorder {
  readonly events: HistoryEvent[] = [];
  private readonly failed = new Set<string>();

  constructor(private readonly resources: ReadonlyMap<string, string>) {}

  private push(type: string, timestamp: number, details: Record<string, unknown> = {}) {
    const id = this.events.length + 1;
    this.events.push({ id, previousEventId: id - 1, timestamp, type, ...details });
  }

  record(e: InterpreterEvent): void {
    const t = e.timestamp;
    const s = e.state;
    switch (e.type) {
      case 'ExecutionStarted':
        this.push('ExecutionStarted', t, { executionStartedEventDetails: { input: json(e.input) } });
        return;
      case 'ExecutionSucceeded':
        this.push('ExecutionSucceeded', t, {
          executionSucceededEventDetails: { output: json(e.output) },
        });
        return;
      case 'ExecutionFailed':
        this.push('ExecutionFailed', t, {
          executionFailedEventDetails: { error: e.Error, cause: cause(e.Cause) },
        });
        return;
      case 'ExecutionAborted':
      case 'ExecutionTimeout':
        this.push(e.type === 'ExecutionTimeout' ? 'ExecutionTimedOut' : 'ExecutionAborted', t);
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        this.push(e.type, t, {
          mapIterationEventDetails: { name: e.parentState?.name, index: e.index },
        });
        return;
      case 'StateEntered':
        if (!s) return;
        this.push(`${s.type}StateEntered`, t, {
          stateEnteredEventDetails: { name: s.name, input: json(s.input) },
        });
        if (s.type === 'Map') this.push('MapStateStarted', t);
        if (s.type === 'Task') this.scheduleTask(s, t);
        return;
      case 'StateRetried':
        if (s?.type === 'Task') this.scheduleTask(s, t);
        return;
      case 'StateFailed':
        if (s) this.failed.add(`${s.name}#${e.index ?? ''}`);
        if (s?.type === 'Task')
          this.push('LambdaFunctionFailed', t, {
            lambdaFunctionFailedEventDetails: { error: e.Error, cause: cause(e.Cause) },
          });
        if (s?.type === 'Map') this.push('MapStateFailed', t);
        return;
      case 'StateExited': {
        if (!s) return;
        // A state whose failure was caught still exits; it did not succeed.
        const failed = this.failed.delete(`${s.name}#${e.index ?? ''}`);
        if (s.type === 'Task' && !failed)
          this.push('LambdaFunctionSucceeded', t, {
            lambdaFunctionSucceededEventDetails: { output: json(s.output) },
          });
        if (s.type === 'Map' && !failed) this.push('MapStateSucceeded', t);
        this.push(`${s.type}StateExited`, t, {
          stateExitedEventDetails: { name: s.name, output: json(s.output) },
        });
        return;
      }
      default:
        return;
    }
  }

  private scheduleTask(s: StateInfo, t: number) {
    this.push('LambdaFunctionScheduled', t, {
      lambdaFunctionScheduledEventDetails: { resource: this.resources.get(s.name), input: json(s.input) },
    });
    this.push('LambdaFunctionStarted', t);
  }
}
