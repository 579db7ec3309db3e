import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { keyAdminRoleArn, retentionSettings, SAFEGUARD_KEYS, validatorConcurrency } from './safeguards.ts';
import { cdkJsonContext } from './test-support.ts';

const scope = (context: Record<string, unknown>) => new App({ context });
const DAYS = { 'uploads/': 30, 'staging/': 456, 'reports/': 90, 'outbound/bpjs/': 90, 'inbound/bpjs/': 90 };

describe('retention and safeguard settings', () => {
  it('cdk.json sets a retention for every prefix, 7 days for old versions and 4 validator slots', () => {
    const app = scope(cdkJsonContext());
    expect(retentionSettings(app)).toEqual({ days: DAYS, noncurrentVersionDays: 7 });
    expect(validatorConcurrency(app)).toBe(4);
    expect(keyAdminRoleArn(app)).toBeUndefined();
  });

  it('fails the synth when a prefix has no retention, or an unknown prefix is given', () => {
    const { 'outbound/bpjs/': _, ...missing } = DAYS;
    expect(() => retentionSettings(scope({ [SAFEGUARD_KEYS.retentionDays]: missing }))).toThrow(
      /no retention for outbound\/bpjs\//,
    );
    expect(() =>
      retentionSettings(scope({ [SAFEGUARD_KEYS.retentionDays]: { ...DAYS, 'tmp/': 1 } })),
    ).toThrow(/unknown prefix tmp\//);
    expect(() => retentionSettings(scope({}))).toThrow(/lindung:retentionDays is not set/);
  });

  it('accepts the retention as JSON text (cdk deploy -c) and refuses days that are not whole and positive', () => {
    const text = JSON.stringify({ ...DAYS, 'uploads/': 14 });
    expect(retentionSettings(scope({ [SAFEGUARD_KEYS.retentionDays]: text })).days['uploads/']).toBe(14);
    expect(() =>
      retentionSettings(scope({ [SAFEGUARD_KEYS.retentionDays]: { ...DAYS, 'uploads/': 0 } })),
    ).toThrow(/must be a whole number from 1/);
  });

  it('takes a key administrator role ARN, and only a role ARN', () => {
    const arn = 'arn:aws:iam::123456789012:role/lindung-key-admins';
    expect(keyAdminRoleArn(scope({ [SAFEGUARD_KEYS.keyAdminRoleArn]: arn }))).toBe(arn);
    expect(() =>
      keyAdminRoleArn(scope({ [SAFEGUARD_KEYS.keyAdminRoleArn]: 'arn:aws:iam::123456789012:root' })),
    ).toThrow(/must be an IAM role ARN/);
  });

  it('bounds the validator concurrency between 1 and 100', () => {
    expect(validatorConcurrency(scope({ [SAFEGUARD_KEYS.validatorConcurrency]: '10' }))).toBe(10);
    expect(() => validatorConcurrency(scope({ [SAFEGUARD_KEYS.validatorConcurrency]: 0 }))).toThrow(
      /1 to 100/,
    );
  });
});
