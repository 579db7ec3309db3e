/** scripts/build-cli.mjs: the CLI bundle in dist/cli/. */
export const CLI_DIR: string;
export const CLI_MAIN: string;
export function cliBuildIsFresh(): boolean;
export function buildCli(): Promise<{ dir: string; inputs: number; ms: number }>;
