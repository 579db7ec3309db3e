#!/usr/bin/env node
// The `lindung` command: runs the TypeScript CLI through tsx, so `npx lindung …` works right after `npm ci`.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(
    `lindung needs Node.js 22 (found ${process.versions.node}). Run it through npm: \`npx lindung …\` or \`npm start\` use the Node 22 that \`npm ci\` installs.`,
  );
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
