// Builds the `lindung` CLI into dist/cli/ (git-ignored): one esbuild bundle of src/cli with each command in its
// own chunk (loaded when that command runs) and the npm packages left as imports. `npm ci` runs it through
// `prepare`; bin/lindung.mjs rebuilds first when a source file is newer than the build, so an edit is never
// run from a stale build. The local stack (emulators and the Lambda handlers) stays TypeScript run through
// tsx: only a command that starts an embedded stack loads it.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_DIR = join(ROOT, 'dist', 'cli');
export const CLI_MAIN = join(CLI_DIR, 'main.mjs');
const MANIFEST = 'manifest.json';
const THIS_FILE = relative(ROOT, fileURLToPath(import.meta.url));

/** True when dist/cli exists and no file it was built from (nor this script) changed since. */
export function cliBuildIsFresh() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(CLI_DIR, MANIFEST), 'utf8'));
  } catch {
    return false;
  }
  for (const input of manifest.inputs) {
    try {
      if (statSync(join(ROOT, input)).mtimeMs > manifest.builtAt) return false;
    } catch {
      return false; // an input was removed or renamed
    }
  }
  return true;
}

/** `new URL('<relative>', import.meta.url)` in a source file, re-aimed from the output folder. */
const relativeUrl = /new URL\((['"])(\.{1,2}\/[^'"]*)\1,\s*import\.meta\.url\)/g;

const sourceUrls = {
  name: 'source-relative-urls',
  setup(build) {
    build.onLoad({ filter: /[\\/](src|local)[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const contents = text.replace(relativeUrl, (_, quote, target) => {
        const absolute = resolve(dirname(args.path), target);
        const fromOut = relative(CLI_DIR, absolute) + (target.endsWith('/') ? '/' : '');
        return `new URL(${quote}${fromOut}${quote}, import.meta.url)`;
      });
      return { contents, loader: 'ts' };
    });
  },
};

/** local/stack.ts is imported from source through tsx, which its Lambda handlers (functions/*.ts) need anyway. */
const localStackFromSource = {
  name: 'local-stack-from-source',
  setup(build) {
    build.onResolve({ filter: /[\\/]local[\\/]stack\.ts$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path),
      namespace: 'local-stack',
    }));
    build.onLoad({ filter: /.*/, namespace: 'local-stack' }, (args) => ({
      contents: [
        "import { register } from 'tsx/esm/api';",
        'register();',
        `const stack = await import(new URL(${JSON.stringify(relative(CLI_DIR, args.path))}, import.meta.url).href);`,
        'export const { startLocalStack, stackFile, LOCAL_CREDENTIALS } = stack;',
      ].join('\n'),
      loader: 'js',
      resolveDir: ROOT,
    }));
  },
};

/** Builds into a fresh folder and swaps it in, so a CLI running meanwhile never sees a half-written build. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const builtAt = Date.now();
  const temporary = join(ROOT, 'dist', `.cli-${process.pid}-${builtAt}`);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: temporary,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // npm packages are bundled too (one file to read instead of hundreds of SDK modules), except these:
    external: ['tsx', 'tsx/*', 'esbuild'],
    // CommonJS packages inside the ESM chunks require Node's built-ins.
    banner: {
      js: "import { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);",
    },
    metafile: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [localStackFromSource, sourceUrls],
  });
  // Packages change only through npm, which rewrites package-lock.json.
  const inputs = Object.keys(result.metafile.inputs).filter(
    (input) => !input.includes(':') && !input.startsWith('node_modules/'),
  );
  inputs.push(THIS_FILE, 'local/stack-file.ts', 'package-lock.json');
  writeFileSync(join(temporary, MANIFEST), JSON.stringify({ builtAt, inputs }, null, 1));
  writeFileSync(join(temporary, 'meta.json'), JSON.stringify(result.metafile));
  const previous = `${CLI_DIR}.old-${process.pid}-${builtAt}`;
  if (existsSync(CLI_DIR)) renameSync(CLI_DIR, previous);
  try {
    renameSync(temporary, CLI_DIR);
  } catch {
    rmSync(temporary, { recursive: true, force: true }); // another build swapped its (equally fresh) one in
  }
  rmSync(previous, { recursive: true, force: true });
  return { dir: CLI_DIR, inputs: inputs.length, ms: Date.now() - builtAt };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { dir, inputs, ms } = await buildCli();
  console.log(`lindung CLI built into ${relative(ROOT, dir)}/ from ${inputs} files in ${ms} ms`);
}
