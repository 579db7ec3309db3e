import { join, resolve } from 'node:path';

/** Where a running stack writes its StackInfo: light enough for every CLI call to read without the stack. */
export function stackFile(dataDir: string): string {
  return join(resolve(dataDir), 'stack.json');
}
