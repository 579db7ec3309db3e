import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalStepFunctions } from './engine.ts';

const asl = readFileSync(new URL('../../workflows/enrollment.asl.json', import.meta.url), 'utf8').replace(
  /\$\{(\w+)FunctionArn\}/g,
  (_, name: string) => `arn:aws:lambda:ap-southeast-3:000000000000:function:${name}`,
);

class Transient extends Error {
  override readonly name = 'Transient';
}

function engineWith(
  invoke: (fn: string, input: { uploadId: string; chunk?: number; error?: unknown }) => unknown,
) {
  const calls: Array<{
    fn: string;
    input: { uploadId: string; chunk?: number; error?: { Error?: string } };
  }> = [];
  const engine = new LocalStepFunctions(
    mkdtempSync(join(tmpdir(), 'lindung-sfn-')),
    'ap-southeast-3',
    async (arn, input) => {
      const fn = arn.split(':function:')[1] ?? '';
      const typed = input as { uploadId: string; chunk?: number };
      calls.push({ fn, input: typed });
      return invoke(fn, typed);
    },
    0,
  );
  const machine = engine.registerStateMachine('lindung-enrollment', asl);
  return { engine, machine, calls };
}

describe('the enrollment workflow (workflows/enrollment.asl.json in the ASL interpreter)', () => {
  it('runs register → reserve → enroll for every chunk, then finalizes once', async () => {
    const { engine, machine, calls } = engineWith((_fn, input) => input);
    const run = engine.startExecution(
      machine.stateMachineArn,
      'u1',
      JSON.stringify({ uploadId: 'u1', chunks: [1, 2, 3] }),
    );
    await engine.idle();
    expect(engine.describeExecution(run.executionArn).status).toBe('SUCCEEDED');
    for (const chunk of [1, 2, 3]) {
      expect(calls.filter((c) => c.input.chunk === chunk).map((c) => c.fn)).toEqual([
        'RegisterWorkers',
        'ReserveQuota',
        'EnrollWorkers',
      ]);
    }
    expect(calls.filter((c) => c.fn === 'FinalizeUpload')).toEqual([
      { fn: 'FinalizeUpload', input: { uploadId: 'u1' } },
    ]);
  });

  it('retries a task that fails transiently and still succeeds', async () => {
    let failures = 2;
    const { engine, machine } = engineWith((fn, input) => {
      if (fn === 'ReserveQuota' && failures-- > 0) throw new Transient('throttled');
      return input;
    });
    const run = engine.startExecution(
      machine.stateMachineArn,
      'u2',
      JSON.stringify({ uploadId: 'u2', chunks: [1] }),
    );
    await engine.idle();
    const done = engine.describeExecution(run.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.events.filter((e) => e.type === 'LambdaFunctionFailed')).toHaveLength(2);
  });

  it('turns a chunk whose BPJS hand-off keeps failing into FAILED workers, and the upload still completes', async () => {
    const { engine, machine, calls } = engineWith((fn, input) => {
      if (fn === 'EnrollWorkers' && input.chunk === 2) throw new Error('gateway down');
      return input;
    });
    const run = engine.startExecution(
      machine.stateMachineArn,
      'u3',
      JSON.stringify({ uploadId: 'u3', chunks: [1, 2] }),
    );
    await engine.idle();
    expect(engine.describeExecution(run.executionArn).status).toBe('SUCCEEDED');
    const failed = calls.filter((c) => c.fn === 'FailEnrollment');
    expect(failed.map((c) => [c.input.chunk, c.input.error?.Error])).toEqual([[2, 'Error']]);
    expect(calls.filter((c) => c.fn === 'FinalizeUpload').map((c) => c.input.error)).toEqual([undefined]);
  });

  it('records the failure on the upload and fails the execution when a chunk cannot be registered', async () => {
    const { engine, machine, calls } = engineWith((fn, input) => {
      if (fn === 'RegisterWorkers' && input.chunk === 2) throw new Error('table unavailable');
      return input;
    });
    const run = engine.startExecution(
      machine.stateMachineArn,
      'u5',
      JSON.stringify({ uploadId: 'u5', chunks: [1, 2] }),
    );
    await engine.idle();
    const done = engine.describeExecution(run.executionArn);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('EnrollmentFailed');
    const recorded = calls.filter((c) => c.fn === 'FinalizeUpload');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.input.error?.Error).toBe('ChunkFailed');
  });

  it('answers StartExecution again with the same execution while it runs, and refuses a different input', async () => {
    const { engine, machine } = engineWith(async (_fn, input) => {
      await new Promise((r) => setTimeout(r, 50));
      return input;
    });
    const input = JSON.stringify({ uploadId: 'u4', chunks: [1] });
    const first = engine.startExecution(machine.stateMachineArn, 'u4', input);
    expect(engine.startExecution(machine.stateMachineArn, 'u4', input).executionArn).toBe(first.executionArn);
    expect(() =>
      engine.startExecution(machine.stateMachineArn, 'u4', '{"uploadId":"other","chunks":[]}'),
    ).toThrow(/Execution Already Exists/);
    await engine.idle();
  });

  it('keeps executions on disk: a new engine on the same folder lists them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lindung-sfn-'));
    const first = new LocalStepFunctions(dir, 'ap-southeast-3', async (_a, input) => input, 0);
    const m = first.registerStateMachine('lindung-enrollment', asl);
    first.startExecution(m.stateMachineArn, 'kept', JSON.stringify({ uploadId: 'kept', chunks: [] }));
    await first.idle();
    const second = new LocalStepFunctions(dir, 'ap-southeast-3', async (_a, input) => input, 0);
    second.registerStateMachine('lindung-enrollment', asl);
    expect(second.listExecutions(m.stateMachineArn).map((e) => [e.name, e.status])).toEqual([
      ['kept', 'SUCCEEDED'],
    ]);
  });
});
