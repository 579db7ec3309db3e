import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkSizeFor } from '../../src/uploads/validate-upload.ts';
import { toCsv, validWorkers } from '../../test/support/worker-rows.ts';
import { LocalStepFunctions } from './engine.ts';

const STANDARD_HISTORY_LIMIT = 25_000;
const PAYLOAD_LIMIT = 256 * 1024;

const asl = readFileSync(new URL('../../workflows/enrollment.asl.json', import.meta.url), 'utf8').replace(
  /\$\{(\w+)FunctionArn\}/g,
  (_, name: string) => `arn:aws:lambda:ap-southeast-3:000000000000:function:${name}`,
);

describe('a 1,000,000-row upload stays within Standard workflow limits', () => {
  it('runs in under 25,000 history events with every state payload under 256 KB', async () => {
    const sample = toCsv(validWorkers(1000));
    const bytesPerRow = Buffer.byteLength(sample) / 1000;
    const rows = 1_000_000;
    const chunkSize = chunkSizeFor(Math.round(bytesPerRow * rows));
    const chunks = Array.from({ length: Math.ceil(rows / chunkSize) }, (_, i) => i + 1);

    // The real definition in the local interpreter; each task answers as the real ones do (small counts).
    const engine = new LocalStepFunctions(
      mkdtempSync(join(tmpdir(), 'lindung-limits-')),
      'ap-southeast-3',
      async (arn, input) => {
        const task = input as { uploadId: string; chunk?: number };
        return arn.endsWith('FinalizeUpload')
          ? { uploadId: task.uploadId, status: 'COMPLETED', rows, rejected: 0, enrolled: rows }
          : {
              ...task,
              staged: chunkSize,
              duplicates: 0,
              referred: 0,
              waitlisted: 0,
              enrolled: chunkSize,
              failed: 0,
            };
      },
    );
    const machine = engine.registerStateMachine('lindung-enrollment', asl);
    const run = engine.startExecution(
      machine.stateMachineArn,
      'million',
      JSON.stringify({ uploadId: 'million', chunks }),
    );
    await engine.idle();
    const done = engine.describeExecution(run.executionArn);

    expect(done.status).toBe('SUCCEEDED');
    console.log(
      `1,000,000 rows → ${chunks.length} chunks of ${chunkSize}: ${done.events.length} history events, input ${run.input.length} bytes`,
    );
    expect(done.events.length).toBeLessThan(STANDARD_HISTORY_LIMIT);
    const largest = Math.max(...done.events.map((e) => JSON.stringify(e).length));
    expect(largest).toBeLessThan(PAYLOAD_LIMIT);
  });
});
