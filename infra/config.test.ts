import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, lindungConfig } from './config.ts';
import { cdkJsonContext } from './test-support.ts';

const VALID = {
  [CONTEXT_KEYS.mailIdentity]: 'kutaitimurkab.go.id',
  [CONTEXT_KEYS.mailFrom]: 'lindung-noreply@kutaitimurkab.go.id',
  [CONTEXT_KEYS.noticeFrom]: 'lindung@kutaitimurkab.go.id',
};
const config = (context: Record<string, unknown>) => lindungConfig(new App({ context }));

describe('lindung context settings', () => {
  it('cdk.json carries a complete, valid configuration (what `cdk synth` and the tests use)', () => {
    expect(config(cdkJsonContext())).toEqual({
      mail: {
        identity: 'kutaitimurkab.go.id',
        alertsFrom: 'lindung-noreply@kutaitimurkab.go.id',
        noticesFrom: 'lindung@kutaitimurkab.go.id',
      },
      bpjsGateway: 'file-exchange',
    });
  });

  it('defaults the BPJS gateway to file-exchange and accepts the simulator for rehearsals', () => {
    expect(config(VALID).bpjsGateway).toBe('file-exchange');
    expect(config({ ...VALID, [CONTEXT_KEYS.bpjsGateway]: 'simulator' }).bpjsGateway).toBe('simulator');
  });

  it('rejects a gateway the stack cannot wire (http needs an endpoint and a token secret)', () => {
    expect(() => config({ ...VALID, [CONTEXT_KEYS.bpjsGateway]: 'http' })).toThrow(/lindung:bpjsGateway/);
  });

  it.each([CONTEXT_KEYS.mailIdentity, CONTEXT_KEYS.mailFrom, CONTEXT_KEYS.noticeFrom])(
    'fails the synth when %s is missing, naming the key',
    (key) => {
      const { [key]: _, ...rest } = VALID;
      expect(() => config(rest)).toThrow(new RegExp(`${key} is not set`));
    },
  );

  it('rejects a sender the SES identity does not cover', () => {
    expect(() => config({ ...VALID, [CONTEXT_KEYS.noticeFrom]: 'someone@example.com' })).toThrow(
      /lindung:noticeFrom .* not covered by the SES identity kutaitimurkab.go.id/,
    );
    // A look-alike domain is not the identity's domain either.
    expect(() => config({ ...VALID, [CONTEXT_KEYS.mailFrom]: 'x@evil-kutaitimurkab.go.id' })).toThrow(
      /not covered/,
    );
  });

  it('accepts an address identity only for that very address', () => {
    const identity = { [CONTEXT_KEYS.mailIdentity]: 'lindung@kutaitimurkab.go.id' };
    expect(
      config({
        ...identity,
        [CONTEXT_KEYS.mailFrom]: 'lindung@kutaitimurkab.go.id',
        [CONTEXT_KEYS.noticeFrom]: 'lindung@kutaitimurkab.go.id',
      }).mail.identity,
    ).toBe('lindung@kutaitimurkab.go.id');
    expect(() => config({ ...VALID, ...identity })).toThrow(/not covered/);
  });

  it('accepts an optional SES configuration set by name only', () => {
    expect(
      config({ ...VALID, [CONTEXT_KEYS.sesConfigurationSet]: 'lindung-employers' }).mail.configurationSet,
    ).toBe('lindung-employers');
    expect(() => config({ ...VALID, [CONTEXT_KEYS.sesConfigurationSet]: 'arn:aws:ses:x' })).toThrow(
      /lindung:sesConfigurationSet/,
    );
  });

  it('reads optional Disnakertrans recipients as a list and checks each address', () => {
    const withList = config({
      ...VALID,
      [CONTEXT_KEYS.disnakertransEmails]: 'a@kutaitimurkab.go.id, b@example.org',
    });
    expect(withList.mail.disnakertransEmails).toEqual(['a@kutaitimurkab.go.id', 'b@example.org']);
    expect(config(VALID).mail.disnakertransEmails).toBeUndefined();
    expect(() => config({ ...VALID, [CONTEXT_KEYS.disnakertransEmails]: 'a@x.id, nope' })).toThrow(/nope/);
  });
});
