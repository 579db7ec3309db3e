import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BpjsPermanentError, BpjsTransientError } from '../../src/enrollment/bpjs/gateway.ts';
import { NoProgrammeError } from '../../src/enrollment/reserve-quota.ts';
import { QuotaContentionError } from '../../src/quota/ops.ts';
import { PERMANENT_ERROR_NAMES } from '../../src/workflow-errors.ts';
import { LocalStepFunctions } from './engine.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const ASL_FILE = join(ROOT, 'workflows', 'enrollment.asl.json');
const asl = readFileSync(ASL_FILE, 'utf8').replace(
  /\$\{(\w+)FunctionArn\}/g,
  (_, name: string) => `arn:aws:lambda:ap-southeast-3:000000000000:function:${name}`,
);

/** The real enrollment definition in the local interpreter; `failing` (EnrollWorkers) fails `failures` times. */
async function enrollOneChunk(failure: () => Error, failures: number, failing = 'EnrollWorkers') {
  const calls: Array<{ task: string; input: Record<string, unknown> }> = [];
  const engine = new LocalStepFunctions(
    mkdtempSync(join(tmpdir(), 'lindung-retries-')),
    'ap-southeast-3',
    async (arn, input) => {
      const task = arn.split(':').at(-1) ?? arn;
      calls.push({ task, input: input as Record<string, unknown> });
      if (task === failing && calls.filter((c) => c.task === task).length <= failures) throw failure();
      return task === 'FinalizeUpload' ? { status: 'COMPLETED' } : { ...(input as object), enrolled: 1 };
    },
    1, // retry waits of 1 ms instead of the ASL's seconds
  );
  const machine = engine.registerStateMachine('lindung-enrollment', asl);
  const execution = engine.startExecution(
    machine.stateMachineArn,
    'u1',
    JSON.stringify({ uploadId: 'u1', chunks: [1] }),
  );
  await engine.idle();
  return { calls, status: engine.describeExecution(execution.executionArn).status };
}

describe('retries of the enrollment workflow', () => {
  it('sends a permanent BPJS refusal straight to FailEnrollment, without a retry', async () => {
    const { calls } = await enrollOneChunk(
      () => new BpjsPermanentError('kredensial ditolak', 'credentials refused'),
      99,
    );
    expect(calls.filter((c) => c.task === 'EnrollWorkers')).toHaveLength(1);
    const failed = calls.filter((c) => c.task === 'FailEnrollment');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.input.error).toMatchObject({ Error: 'BpjsPermanentError' });
  });

  it('fails a chunk at once when its upload has no programme: the error reaches the ASL by its taxonomy name', async () => {
    const { calls, status } = await enrollOneChunk(
      () => new NoProgrammeError('6408', '2026-01-05'),
      99,
      'ReserveQuota',
    );
    expect(PERMANENT_ERROR_NAMES).toContain('NoProgrammeError');
    expect(calls.filter((c) => c.task === 'ReserveQuota')).toHaveLength(1);
    expect(calls.filter((c) => c.task === 'EnrollWorkers')).toHaveLength(0);
    // The chunk's Fail state passes the task's Cause on to RecordFailure (FinalizeUpload), which marks the upload FAILED.
    const recorded = calls.filter((c) => c.task === 'FinalizeUpload');
    expect(recorded).toHaveLength(1);
    expect(JSON.stringify(recorded[0]?.input.error)).toContain('Tidak ada program untuk kabupaten 6408');
    expect(status).toBe('FAILED'); // EnrollmentFailed, after the upload was marked FAILED
  });

  it('retries a quota contention, which the taxonomy marks retryable', async () => {
    const { calls, status } = await enrollOneChunk(
      () => new QuotaContentionError('penghitung berubah', 'counters kept changing'),
      2,
      'ReserveQuota',
    );
    expect(PERMANENT_ERROR_NAMES).not.toContain('QuotaContentionError');
    expect(calls.filter((c) => c.task === 'ReserveQuota')).toHaveLength(3);
    expect(status).toBe('SUCCEEDED');
  });

  it('retries a transient BPJS outage until the gateway answers', async () => {
    const { calls, status } = await enrollOneChunk(
      () => new BpjsTransientError('BPJS menjawab 503', 'BPJS answered 503'),
      2,
    );
    expect(calls.filter((c) => c.task === 'EnrollWorkers')).toHaveLength(3);
    expect(calls.filter((c) => c.task === 'FailEnrollment')).toHaveLength(0);
    expect(status).toBe('SUCCEEDED');
  });
});

describe('npm run validate:asl', () => {
  const check = (file: string) =>
    run(process.execPath, ['bin/validate-asl.mjs', file], { cwd: ROOT }).then(
      (out) => ({ code: 0, ...out }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  interface Task {
    Type: string;
    Retry: Array<{ ErrorEquals: string[]; MaxAttempts?: number }>;
  }
  type States = Record<string, Task & { ItemProcessor?: { States: States } }>;

  /** Runs the check on a copy of a workflow as `change` leaves it. */
  const checkChanged = (change: (states: States) => void, workflow = 'enrollment') => {
    const definition = JSON.parse(readFileSync(join(ROOT, 'workflows', `${workflow}.asl.json`), 'utf8'));
    change(definition.States);
    const file = join(mkdtempSync(join(tmpdir(), 'lindung-asl-')), `${workflow}.asl.json`);
    writeFileSync(file, JSON.stringify(definition));
    return check(file);
  };
  const chunkTask = (states: States, name: string): Task => {
    const task = states.ProcessChunks?.ItemProcessor?.States[name];
    if (!task) throw new Error(`no task ${name} in the chunk processor`);
    return task;
  };

  it('passes the enrollment workflow as it is', async () => {
    expect(await check(ASL_FILE)).toMatchObject({ code: 0 });
  });

  it('fails when a retrier would retry a permanent error', async () => {
    const out = await checkChanged((states) => {
      const enroll = chunkTask(states, 'EnrollWorkers');
      // The mistake the check exists for: the permanent error among the retried ones.
      enroll.Retry = enroll.Retry.filter((r) => r.MaxAttempts !== 0);
      enroll.Retry[0]?.ErrorEquals.push('BpjsPermanentError');
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('Task "EnrollWorkers" retries BpjsPermanentError, which a retry cannot fix');
    expect(out.stderr).toContain(
      'Task "EnrollWorkers": its States.TaskFailed retrier also retries BpjsPermanentError',
    );
  });

  it("fails when a permanent error of the taxonomy is missing from a Task's first retrier", async () => {
    const out = await checkChanged((states) => {
      const first = chunkTask(states, 'ReserveQuota').Retry[0];
      if (first) first.ErrorEquals = first.ErrorEquals.filter((e) => e !== 'UploadNotFoundError');
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(
      'Task "ReserveQuota": its States.TaskFailed retrier also retries UploadNotFoundError; put {"ErrorEquals": ["UploadNotFoundError"], "MaxAttempts": 0} before it',
    );
  });

  it('fails for every permanent error of the taxonomy added to a retrier, in each workflow', async () => {
    for (const workflow of ['enrollment', 'employer-notification']) {
      let name = '';
      const out = await checkChanged((states) => {
        const [first, task] = Object.entries(states).find(([, s]) => s.Type === 'Task') ?? [];
        name = first ?? '';
        task?.Retry.at(-1)?.ErrorEquals.push(...PERMANENT_ERROR_NAMES);
      }, workflow);
      expect(out.code).toBe(1);
      for (const error of PERMANENT_ERROR_NAMES)
        expect(out.stderr).toContain(`Task "${name}" retries ${error}, which a retry cannot fix`);
    }
  });

  it('fails on an error name no task throws (a misspelt name would never match)', async () => {
    const out = await checkChanged((states) => {
      chunkTask(states, 'ReserveQuota').Retry[0]?.ErrorEquals.push('NoProgramError');
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(
      'Task "ReserveQuota" matches NoProgramError, which is not an error of src/workflow-errors.ts',
    );
  });
});
