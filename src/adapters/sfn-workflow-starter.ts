import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { WorkflowStarter } from '../uploads/ports.ts';

/**
 * Execution name = upload id, so a re-delivered S3 event cannot start a second run: Step Functions returns the
 * existing execution for the same name and input, and ExecutionAlreadyExists otherwise (then we look it up).
 */
export function sfnWorkflowStarter(sfn: SFNClient, stateMachineArn: string): WorkflowStarter {
  return {
    async start(name, input) {
      try {
        const out = await sfn.send(
          new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
        );
        if (!out.executionArn) throw new Error('StartExecution returned no executionArn');
        return out.executionArn;
      } catch (error) {
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
        const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
        await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return executionArn;
      }
    },
  };
}
