import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regencyConfigPath } from '../src/shared/regency-config.ts';
import { CONTEXT_KEYS } from './config.ts';
import { LindungFunction } from './constructs/lindung-function.ts';
import type { FunctionName } from './stateless-stack.ts';
import { functionEnvironment, type SynthesizedLindung, synthLindungApp } from './test-support.ts';

/*
 * The regency is configuration: the stack synthesized from another regency's file (given by path, with a time
 * zone other than WITA so its origin shows) takes its time zone and senders from that file alone, and every
 * function bundles that file.
 */
const scratch = mkdtempSync(path.join(tmpdir(), 'lindung-regency-infra-'));
const ppu = JSON.parse(readFileSync(regencyConfigPath('penajam-paser-utara'), 'utf8'));
const regencyFile = path.join(scratch, 'ppu-wib.json');
writeFileSync(regencyFile, JSON.stringify({ ...ppu, reports: { ...ppu.reports, timeZone: 'Asia/Jakarta' } }));

let synth: SynthesizedLindung | undefined;
beforeAll(() => {
  synth = synthLindungApp({ bundle: false, context: { [CONTEXT_KEYS.regency]: regencyFile } });
});
afterAll(() => {
  synth?.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

const get = (): SynthesizedLindung => {
  if (!synth) throw new Error('the app was not synthesized');
  return synth;
};
const variables = (name: FunctionName) => functionEnvironment(get(), name);

describe('lindung:regency', () => {
  it('letters and the daily employer run use the file’s time zone and sender', () => {
    expect(variables('notify-employer')).toMatchObject({
      NOTICE_FROM_EMAIL: 'lindung@penajamkab.go.id',
      LINDUNG_TIME_ZONE: 'Asia/Jakarta',
    });
    expect(variables('reserve-quota')).toMatchObject({
      LINDUNG_MAIL_FROM: 'lindung-noreply@penajamkab.go.id',
    });
    get().statelessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 8 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Jakarta',
    });
  });

  it('a function bundles the chosen regency (LINDUNG_REGENCY_JSON), not Kutai Timur', () => {
    const outdir = path.join(scratch, 'bundled');
    const app = new App({ outdir, context: { [CONTEXT_KEYS.regency]: 'penajam-paser-utara' } });
    new LindungFunction(new Stack(app, 'RegencyBundle'), 'NotifyEmployer', { name: 'notify-employer' });
    app.synth();
    const asset = readdirSync(outdir).find((d) => d.startsWith('asset.'));
    const code = readFileSync(path.join(outdir, asset ?? '', 'index.mjs'), 'utf8');
    // Asserted on booleans: a failure would otherwise print the whole minified bundle.
    expect(/\\?"code\\?":\\?"6409\\?"/.test(code)).toBe(true);
    expect(code.includes('Kabupaten Penajam Paser Utara')).toBe(true);
    expect(code.includes('Kutai Timur')).toBe(false);
  });
});
