import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { clientsFor, type StackClients } from '../../src/cli/stack-client.ts';

/** A local stack on free ports in a fresh temporary data folder, as each integration test file uses one. */
export async function freshStack(options: { eventCopies?: number } = {}): Promise<{
  stack: LocalStack;
  clients: StackClients;
  dispose: () => Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lindung-test-'));
  const stack = await startLocalStack({ dataDir, basePort: 0, ...options });
  return {
    stack,
    clients: clientsFor(stack.info),
    dispose: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
