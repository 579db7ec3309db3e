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
  it('cdk.json with the default regency file is a complete, valid configuration (what `cdk synth` uses)', () => {
    const settings = config(cdkJsonContext());
    expect(settings.regency.regency.code).toBe('6408');
    expect(settings.timeZone).toBe('Asia/Makassar');
    expect(settings).toMatchObject({
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

  it('takes the senders and the time zone from the regency file chosen by lindung:regency', () => {
    const settings = config({ [CONTEXT_KEYS.regency]: 'penajam-paser-utara' });
    expect(settings.regency.regency).toMatchObject({ code: '6409', name: 'Kabupaten Penajam Paser Utara' });
    expect(settings.timeZone).toBe('Asia/Makassar');
    expect(settings.mail).toEqual({
      identity: 'penajamkab.go.id',
      alertsFrom: 'lindung-noreply@penajamkab.go.id',
      noticesFrom: 'lindung@penajamkab.go.id',
    });
    // A context value still overrides the file's, and is checked against the identity.
    expect(() => config({ [CONTEXT_KEYS.regency]: 'penajam-paser-utara', ...VALID })).not.toThrow();
    expect(() =>
      config({
        [CONTEXT_KEYS.regency]: 'penajam-paser-utara',
        [CONTEXT_KEYS.noticeFrom]: VALID[CONTEXT_KEYS.noticeFrom],
      }),
    ).toThrow(/not covered by the SES identity penajamkab.go.id/);
  });

  it('fails the synth on a missing regency file, in both languages', () => {
    expect(() => config({ [CONTEXT_KEYS.regency]: 'kabupaten-tidak-ada' })).toThrow(
      /berkas tidak dapat dibaca \(ENOENT\).*the file cannot be read \(ENOENT\)/,
    );
  });

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
