/**
 * The run's step timeline: each workflow step (validation, each chunk task) records when it started and ended,
 * and why it failed, against its upload. Built from what the steps themselves record, it reads the same on the
 * local stack and in AWS (no dependence on either's execution history format).
 */
export interface StepRecord {
  uploadId: string;
  step: string;
  chunk?: number;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  status: 'SUCCEEDED' | 'FAILED';
  /** The error's name and message when the step failed. */
  cause?: string;
}

export interface StepLog {
  record(step: StepRecord): Promise<void>;
  /** In start order. */
  list(uploadId: string): Promise<StepRecord[]>;
}

/** Runs `work` as one step of an upload's run, recording it (a failure is recorded, then rethrown). */
export async function recordedStep<T>(
  log: StepLog,
  step: { uploadId: string; step: string; chunk?: number },
  work: () => Promise<T>,
  now: () => Date = () => new Date(),
): Promise<T> {
  const started = now();
  const finish = (status: StepRecord['status'], cause?: string) => {
    const ended = now();
    return log.record({
      ...step,
      startedAt: started.toISOString(),
      endedAt: ended.toISOString(),
      durationMs: ended.getTime() - started.getTime(),
      status,
      ...(cause ? { cause } : {}),
    });
  };
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await finish('FAILED', error instanceof Error ? `${error.name}: ${error.message}` : String(error)).catch(
      () => undefined,
    );
    throw error;
  }
  await finish('SUCCEEDED');
  return result;
}
