import type { Command } from 'commander';
import { accessClients } from '../access-clients.ts';
import { DEFAULT_DATA_DIR, withStack } from '../stack-client.ts';

/** `lindung audit [--entity E] [--json]`: the changes people made, newest first. */
export function register(program: Command): void {
  program
    .command('audit')
    .option('--entity <entity>', 'one entity, e.g. programme#6408#2026, upload#<id>, user#<sub>')
    .option('--limit <n>', 'at most this many events', '200')
    .option('--json', 'print as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (opts: { entity?: string; limit: string; json?: boolean; dataDir: string }) => {
      await withStack(opts.dataDir, async (clients) => {
        const events = await accessClients(clients).audit.list({
          ...(opts.entity ? { entity: opts.entity } : {}),
          limit: Number(opts.limit),
        });
        if (opts.json) {
          console.log(JSON.stringify(events, null, 2));
          return;
        }
        for (const e of events)
          console.log(
            `${e.at}  ${(e.actor.email ?? e.actor.id).padEnd(32)} ${e.actor.role.padEnd(9)} ${e.action.padEnd(20)} ${e.entity}`,
          );
      });
    });
}
