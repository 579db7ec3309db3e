import { buildCli, cliBuildIsFresh } from '../../scripts/build-cli.mjs';

/** Vitest global setup: the CLI the tests spawn (bin/lindung.mjs → dist/cli) is built from the current sources. */
export default async function setup(): Promise<void> {
  if (!cliBuildIsFresh()) await buildCli();
}
