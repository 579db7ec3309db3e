import { appendFileSync } from 'node:fs';
import { dynamo } from '../src/composition/handler-runtime.ts';
import { invocationOf } from './lambda-runtime.ts';

/**
 * With LINDUNG_RECORD_DYNAMO_ACTIONS=<file>, the local stack appends one JSON line per distinct DynamoDB call
 * its handlers make: {fn, action, table, index?}. Run the integration tests with it to see which actions each
 * function's code really calls, and compare with its IAM grants (infra/dynamo-access.ts).
 */
export function recordDynamoActions(file: string): void {
  const seen = new Set<string>();
  const record = (entry: { fn: string; action: string; table: string; index?: string }) => {
    const line = JSON.stringify(entry);
    if (seen.has(line)) return;
    seen.add(line);
    appendFileSync(file, `${line}\n`);
  };
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const fn = invocationOf.getStore();
      if (fn) {
        const action = `dynamodb:${String(context.commandName).replace(/Command$/, '')}`;
        const input = args.input as { TableName?: string; IndexName?: string; RequestItems?: object };
        const tables = input.TableName ? [input.TableName] : Object.keys(input.RequestItems ?? {});
        for (const table of tables)
          record({ fn, action, table, ...(input.IndexName ? { index: input.IndexName } : {}) });
      }
      return next(args);
    },
    { step: 'initialize', name: 'lindungRecordDynamoActions' },
  );
}
