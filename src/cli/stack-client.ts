import { existsSync, readFileSync } from 'node:fs';
import type { LocalStack, StackInfo } from '../../local/stack.ts';
import { stackFile } from '../../local/stack-file.ts';
import { stackRuntime } from '../composition/stack-runtime.ts';
import { uploadRepository, uploadStorage } from '../composition/stores.ts';

export const DEFAULT_DATA_DIR = '.lindung';

/** The composition root's runtime for a stack, from its stack.json (the same builders the functions use). */
export function clientsFor(info: StackInfo) {
  const rt = stackRuntime(info);
  return { ...rt, uploads: uploadRepository(rt), storage: uploadStorage(rt) };
}
export type StackClients = ReturnType<typeof clientsFor>;

/** The stack running for this data folder, if its process is alive. */
export function runningStack(dataDir: string): StackInfo | undefined {
  const file = stackFile(dataDir);
  if (!existsSync(file)) return undefined;
  const info = JSON.parse(readFileSync(file, 'utf8')) as StackInfo;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined; // left behind by a stack that did not stop cleanly
  }
}

/**
 * Runs `work` against the stack of this data folder: the one already running, or an embedded one started
 * for the duration of the call (and stopped after it, once its uploads are fully processed).
 */
export async function withStack<T>(
  dataDir: string,
  work: (clients: StackClients, embedded?: LocalStack) => Promise<T>,
): Promise<T> {
  const info = runningStack(dataDir);
  if (info) return work(clientsFor(info));
  // Loaded only here: the emulators and the handlers they run are not needed to talk to a running stack.
  const { startLocalStack } = await import('../../local/stack.ts');
  const stack = await startLocalStack({ dataDir, basePort: 0 });
  try {
    return await work(clientsFor(stack.info), stack);
  } finally {
    await stack.idle();
    await stack.stop();
  }
}
