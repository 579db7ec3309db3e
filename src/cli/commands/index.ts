import type { Command } from 'commander';
import * as approve from './approve.ts';
import * as employers from './employers.ts';
import * as outbox from './outbox.ts';
import * as processCommand from './process.ts';
import * as programme from './program.ts';
import * as quota from './quota.ts';
import * as sample from './sample.ts';
import * as start from './start.ts';
import * as template from './template.ts';
import * as uploads from './uploads.ts';
import * as validate from './validate.ts';
import * as worker from './worker.ts';

/** Every CLI command module exports `register(program)`; add new ones here. */
const modules: Array<{ register: (program: Command) => void }> = [
  start,
  processCommand,
  uploads,
  validate,
  sample,
  template,
  employers,
  outbox,
  programme,
  quota,
  worker,
  approve,
];

export function registerCommands(program: Command): void {
  for (const m of modules) m.register(program);
}
