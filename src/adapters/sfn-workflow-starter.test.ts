import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { sfnWorkflowStarter } from './sfn-workflow-starter.ts';

const sfn = mockClient(SFNClient);
const machine = 'arn:aws:states:ap-southeast-3:123456789012:stateMachine:Enrollment';

describe('starting the enrollment workflow', () => {
  beforeEach(() => sfn.reset());

  it('names the execution after the upload and passes the input as JSON', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${machine}:u1`, startDate: new Date() });
    const arn = await sfnWorkflowStarter(new SFNClient({}), machine).start('u1', {
      uploadId: 'u1',
      chunks: [1, 2],
    });
    expect(arn).toBe(`${machine}:u1`);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: machine,
      name: 'u1',
      input: '{"uploadId":"u1","chunks":[1,2]}',
    });
  });

  it('returns the existing execution when a re-delivered event starts the same upload again', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED' });
    const arn = await sfnWorkflowStarter(new SFNClient({}), machine).start('u1', {});
    expect(arn).toBe('arn:aws:states:ap-southeast-3:123456789012:execution:Enrollment:u1');
    expect(sfn).toHaveReceivedCommandWith(DescribeExecutionCommand, { executionArn: arn });
  });

  it('lets other errors through (the Lambda retries the event)', async () => {
    sfn.on(StartExecutionCommand).rejects(new Error('AccessDenied'));
    await expect(sfnWorkflowStarter(new SFNClient({}), machine).start('u1', {})).rejects.toThrow(
      'AccessDenied',
    );
  });
});
