import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BpjsPermanentError, BpjsTransientError } from '../../src/enrollment/bpjs/gateway.ts';
import { LocalStepFunctions } from './engine.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const ASL_FILE = join(ROOT, 'workflows', 'enrollment.asl.json');
const asl = readFileSync(ASL_FILE, 'utf8').replace(
  /\$\{(\w+)FunctionArn\}/g,
  (_, name: string) => `arn:aws:lambda:ap-southeast-3:000000000000:function:${name}`,
);

/** The real enrollment definition in the local interpreter; EnrollWorkers fails with `failure` as many times. */
async function enrollOneChunk(failure: () => Error, failures: number) {
  const calls: Array<{ task: string; input: Record<string, unknown> }> = [];
  const engine = new LocalStepFunctions(
    mkdtempSync(join(tmpdir(), 'lindung-retries-')),
    'ap-southeast-3',
    async (arn, input) => {
      const task = arn.split(':').at(-1) ?? arn;
      calls.push({ task, input: input as Record<string, unknown> });
      if (task === 'EnrollWorkers' && calls.filter((c) => c.task === task).length <= failures)
        throw failure();
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

  it('passes the enrollment workflow as it is', async () => {
    expect(await check(ASL_FILE)).toMatchObject({ code: 0 });
  });

  it('fails when a retrier would retry a permanent error', async () => {
    const definition = JSON.parse(readFileSync(ASL_FILE, 'utf8'));
    const enroll = definition.States.ProcessChunks.ItemProcessor.States.EnrollWorkers;
    // The mistake the check exists for: the permanent error among the retried ones.
    enroll.Retry = enroll.Retry.filter((r: { MaxAttempts?: number }) => r.MaxAttempts !== 0);
    enroll.Retry[0].ErrorEquals.push('BpjsPermanentError');
    const file = join(mkdtempSync(join(tmpdir(), 'lindung-asl-')), 'enrollment.asl.json');
    writeFileSync(file, JSON.stringify(definition));
    const out = await check(file);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('Task "EnrollWorkers" retries BpjsPermanentError, which a retry cannot fix');
    expect(out.stderr).toContain(
      'Task "EnrollWorkers": its States.TaskFailed retrier also retries BpjsPermanentError',
    );
  });
});
