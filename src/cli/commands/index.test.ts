import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CLI_DIR } from '../../../scripts/build-cli.mjs';
import { commands, registerCommands } from './index.ts';

const run = promisify(execFile);
const ROOT = new URL('../../../', import.meta.url).pathname;

describe('the command registry', () => {
  it("loads each command's module, which registers a command of that name", async () => {
    for (const entry of commands) {
      const program = new Command('lindung');
      await registerCommands(program, [entry.name, '--help']);
      const registered = program.commands.find((c) => c.name() === entry.name);
      expect(registered, entry.name).toBeDefined();
      expect(registered?.description()).toBe(entry.description);
    }
  });

  it('lists every command for --help without loading any command module', async () => {
    const program = new Command('lindung');
    await registerCommands(program, ['--help']);
    expect(program.commands.map((c) => c.name())).toEqual(commands.map((c) => c.name));
    expect(program.commands.every((c) => c.options.length === 0)).toBe(true);
  });

  it('keeps command modules and the AWS SDK out of what the built `lindung` loads before it picks a command', () => {
    const meta = JSON.parse(readFileSync(`${CLI_DIR}/meta.json`, 'utf8')) as {
      outputs: Record<
        string,
        { entryPoint?: string; imports: { path: string; kind: string }[]; inputs: object }
      >;
    };
    const byName = new Map(Object.entries(meta.outputs).map(([path, o]) => [path.split('/').pop() ?? '', o]));
    const loaded = new Set<string>();
    const visit = (file: string) => {
      const output = byName.get(file.split('/').pop() ?? '');
      if (!output || loaded.has(file)) return;
      loaded.add(file);
      for (const i of output.imports) if (i.kind === 'import-statement') visit(i.path);
    };
    visit('main.mjs');
    const sources = [...loaded].flatMap((f) =>
      Object.keys(byName.get(f.split('/').pop() ?? '')?.inputs ?? {}),
    );
    expect(sources).toContain('src/cli/commands/index.ts');
    expect(sources.filter((s) => s.startsWith('src/cli/commands/') && !s.endsWith('index.ts'))).toEqual([]);
    expect(sources.filter((s) => s.includes('@aws-sdk') || s.includes('exceljs'))).toEqual([]);
  });

  it('answers --help from the built CLI with every command and its description', async () => {
    const { stdout } = await run(process.execPath, ['bin/lindung.mjs', '--help'], { cwd: ROOT });
    for (const entry of commands) expect(stdout).toMatch(new RegExp(`^  ${entry.name} `, 'm'));
    expect(stdout).toContain('programme quota gauge');
  });

  it('suggests the nearest command for a typo', async () => {
    const failed = await run(process.execPath, ['bin/lindung.mjs', 'quotaa'], { cwd: ROOT }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('Did you mean quota?');
  });
});
