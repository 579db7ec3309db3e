/**
 * `lindung process` shows a progress bar per file on a terminal (stderr), and nothing extra with --json or when
 * its output goes to a program. The terminal is a real pseudo-terminal (util-linux `script`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStack } from '../support/local-stack.ts';
import { toCsv, validWorkers } from '../support/worker-rows.ts';

process.env.LINDUNG_BPJS_GATEWAY ??= 'simulator';
const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

describe('lindung process progress', () => {
  let env: Awaited<ReturnType<typeof freshStack>>;
  let dir: string;

  beforeAll(async () => {
    env = await freshStack();
    dir = mkdtempSync(join(tmpdir(), 'lindung-progress-'));
  });
  afterAll(async () => {
    await env?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function file(name: string, firstSerial: number): string {
    const path = join(dir, name);
    writeFileSync(path, toCsv(validWorkers(12, { firstSerial })));
    return path;
  }
  const args = (files: string[], ...more: string[]) => [
    'bin/lindung.mjs',
    'process',
    ...files,
    '--desa',
    '6408042001',
    '--data-dir',
    env.clients.info.dataDir,
    ...more,
  ];

  it('draws one bar per file on a terminal, ending with the chunks done and the outcomes', async () => {
    const files = [file('satu.csv', 100), file('dua.csv', 200)];
    // A 200-column terminal: a narrower one cuts the end of the line (the outcomes), as cli-progress does.
    const command = `stty cols 200; ${[process.execPath, ...args(files)].map((a) => `'${a}'`).join(' ')}`;
    const { stdout } = await run('script', ['-qec', command, '/dev/null'], { cwd: ROOT });
    const screen = stripVTControlCharacters(stdout);
    for (const name of ['satu.csv', 'dua.csv']) {
      const bar = screen
        .split(/\r|\n/)
        .filter((l) => l.startsWith(name))
        .at(-1);
      expect(bar).toContain('potongan/chunks 1/1');
      expect(bar).toContain('baris/rows 12 (ditolak/rejected 0)');
      expect(bar).toMatch(/COMPLETED · baris\/rows 12 .*terdaftar\/enrolled 12/);
    }
    expect(screen).toContain('→ unggahan/upload'); // the summaries follow
  });

  it('adds nothing when the output is not a terminal, and prints only JSON with --json', async () => {
    const plain = await run(process.execPath, args([file('tiga.csv', 300)]), { cwd: ROOT });
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toMatch(/^.*tiga\.csv → unggahan\/upload/);
    expect(plain.stdout).not.toContain('potongan/chunks');

    const json = await run(process.execPath, args([file('empat.csv', 400)], '--json'), { cwd: ROOT });
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'COMPLETED', rows: 12, enrolled: 12 });
  });
});
