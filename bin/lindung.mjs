#!/usr/bin/env node
// The `lindung` command: runs the CLI built into dist/cli/ (scripts/build-cli.mjs, run by `npm ci` through
// `prepare`). When a source file is newer than that build it rebuilds first (a fraction of a second), so an
// edit never runs as old code; without esbuild (an install without dev packages) it runs the TypeScript
// through tsx instead.
import module from 'node:module';
import { pathToFileURL } from 'node:url';

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(
    `lindung needs Node.js 22 (found ${process.versions.node}). Run it through npm: \`npx lindung …\` or \`npm start\` use the Node 22 that \`npm ci\` installs.`,
  );
  process.exit(1);
}
// V8 keeps the compiled code of the CLI and of the packages it loads between runs.
module.enableCompileCache?.(new URL('../node_modules/.cache/lindung-cli', import.meta.url).pathname);

const build = await import('../scripts/build-cli.mjs');

async function rebuilt() {
  try {
    await import('esbuild');
  } catch {
    return false;
  }
  const { ms } = await build.buildCli();
  console.error(`lindung: sources changed since the last build; rebuilt dist/cli in ${ms} ms`);
  return true;
}

if (build.cliBuildIsFresh() || (await rebuilt())) {
  await import(pathToFileURL(build.CLI_MAIN).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
