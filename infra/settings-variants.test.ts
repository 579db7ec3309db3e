import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_KEYS } from './config.ts';
import type { FunctionName } from './stateless-stack.ts';
import {
  functionEnvironment,
  logicalId,
  permissionsOf,
  renderIn,
  type SynthesizedLindung,
  synthLindungApp,
} from './test-support.ts';

/*
 * The optional deployment settings, wired end to end: one more synthesis of the app with every optional
 * context value set, without bundling (only templates and IAM matter here; cdk-nag still runs).
 */
let synth: SynthesizedLindung | undefined;
beforeAll(() => {
  synth = synthLindungApp({
    bundle: false,
    context: {
      [CONTEXT_KEYS.mailIdentity]: 'mail.example.go.id',
      [CONTEXT_KEYS.mailFrom]: 'quota@mail.example.go.id',
      [CONTEXT_KEYS.noticeFrom]: 'pemberi-kerja@mail.example.go.id',
      [CONTEXT_KEYS.disnakertransEmails]:
        'kepala@disnakertrans.example.go.id; staf@disnakertrans.example.go.id',
      [CONTEXT_KEYS.sesConfigurationSet]: 'lindung-employers',
      [CONTEXT_KEYS.bpjsGateway]: 'simulator',
    },
  });
});
afterAll(() => synth?.dispose());

const get = (): SynthesizedLindung => {
  if (!synth) throw new Error('the app was not synthesized');
  return synth;
};
const variables = (name: FunctionName) => functionEnvironment(get(), name);
const sendEmail = (name: FunctionName) => {
  const s = get();
  return permissionsOf(s, s.statelessTemplate, logicalId(s.stateless.functions[name].role))['ses:SendEmail'];
};
const SES = 'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>';

describe('optional deployment settings', () => {
  it('employer mail: Disnakertrans recipients and the configuration set reach both notice senders', () => {
    for (const name of ['notify-employer', 'send-employer-digest'] as const) {
      expect(variables(name)).toMatchObject({
        NOTICE_FROM_EMAIL: 'pemberi-kerja@mail.example.go.id',
        DISNAKERTRANS_EMAILS: 'kepala@disnakertrans.example.go.id,staf@disnakertrans.example.go.id',
        SES_CONFIGURATION_SET: 'lindung-employers',
      });
      const condition = ' if StringEquals ses:FromAddress=pemberi-kerja@mail.example.go.id';
      expect(sendEmail(name)).toEqual(
        [
          `${SES}:configuration-set/lindung-employers${condition}`,
          `${SES}:identity/mail.example.go.id${condition}`,
        ].sort(),
      );
    }
    // Functions that send no employer mail do not get them.
    expect(variables('refer-employers').SES_CONFIGURATION_SET).toBeUndefined();
    expect(variables('plan-employer-notices').DISNAKERTRANS_EMAILS).toBeUndefined();
  });

  it('quota alerts: their own sender, through the same identity, without the employer configuration set', () => {
    for (const name of ['reserve-quota', 'enroll-workers', 'fail-enrollment', 'ingest-bpjs-ack'] as const) {
      expect(variables(name).LINDUNG_MAIL_FROM).toBe('quota@mail.example.go.id');
      expect(variables(name).SES_CONFIGURATION_SET).toBeUndefined();
      expect(sendEmail(name)).toEqual([
        `${SES}:identity/mail.example.go.id if StringEquals ses:FromAddress=quota@mail.example.go.id`,
      ]);
    }
  });

  it('the BPJS gateway setting reaches every function that builds the gateway', () => {
    for (const name of ['enroll-workers', 'fail-enrollment', 'ingest-bpjs-ack'] as const) {
      expect(variables(name).LINDUNG_BPJS_GATEWAY).toBe('simulator');
    }
    expect(variables('register-workers').LINDUNG_BPJS_GATEWAY).toBeUndefined();
  });

  it('the identity ARN follows the configured identity (nothing of cdk.json is left over)', () => {
    const s = get();
    const rendered = JSON.stringify(
      Object.values(s.statelessTemplate.findResources('AWS::IAM::Policy')).map((p) => renderIn(s, p)),
    );
    expect(rendered).not.toContain('kutaitimurkab.go.id');
  });
});
