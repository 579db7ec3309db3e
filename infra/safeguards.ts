import type { Construct } from 'constructs';

/**
 * Data-protection and cost settings from CDK context (cdk.json → `context`, or `cdk deploy -c key=value`),
 * checked before any resource is built. README "Retention" documents the values against UU 27/2022 (PDP).
 */
export const SAFEGUARD_KEYS = {
  /** Days each prefix of the upload bucket keeps its objects: {"uploads/": 30, …}, every prefix listed. */
  retentionDays: 'lindung:retentionDays',
  /** Days an overwritten or expired object's previous version is kept (recovery from a mistaken overwrite). */
  noncurrentVersionDays: 'lindung:noncurrentVersionDays',
  /** Optional: the IAM role that administers the data key; default the account (through IAM policies). */
  keyAdminRoleArn: 'lindung:keyAdminRoleArn',
  /** How many uploads the validator processes at once (reserved concurrency): the brake on a flood. */
  validatorConcurrency: 'lindung:validatorConcurrency',
} as const;

/**
 * Every prefix lindung or its partners write in the upload bucket. Nothing is written outside them (the
 * stateless stack's grants and the stacks tests hold to that), so every object has a retention.
 */
export const RETENTION_PREFIXES = [
  'uploads/',
  'staging/',
  'reports/',
  'outbound/bpjs/',
  'inbound/bpjs/',
] as const;
export type RetentionPrefix = (typeof RETENTION_PREFIXES)[number];

export interface Retention {
  readonly days: Readonly<Record<RetentionPrefix, number>>;
  readonly noncurrentVersionDays: number;
}

function context(scope: Construct, key: string): unknown {
  const value: unknown = scope.node.tryGetContext(key);
  return value === '' || value === null ? undefined : value;
}

function positiveInteger(key: string, value: unknown, max: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`${key} must be a whole number from 1 to ${max}: ${JSON.stringify(value)}`);
  return n;
}

/** The retention per prefix; a prefix missing or unknown fails the synth (no object may be kept for ever). */
export function retentionSettings(scope: Construct): Retention {
  const key = SAFEGUARD_KEYS.retentionDays;
  let raw = context(scope, key);
  if (typeof raw === 'string') raw = JSON.parse(raw);
  if (!raw || typeof raw !== 'object') throw new Error(`context ${key} is not set (cdk.json "context")`);
  const given = raw as Record<string, unknown>;
  const unknown = Object.keys(given).filter((p) => !(RETENTION_PREFIXES as readonly string[]).includes(p));
  if (unknown.length > 0)
    throw new Error(`${key}: unknown prefix ${unknown.join(', ')} (known: ${RETENTION_PREFIXES.join(', ')})`);
  const days = Object.fromEntries(
    RETENTION_PREFIXES.map((prefix) => {
      if (given[prefix] === undefined) throw new Error(`${key} has no retention for ${prefix}`);
      return [prefix, positiveInteger(`${key}["${prefix}"]`, given[prefix], 3650)];
    }),
  ) as Record<RetentionPrefix, number>;
  const noncurrent = SAFEGUARD_KEYS.noncurrentVersionDays;
  const noncurrentVersionDays = positiveInteger(noncurrent, context(scope, noncurrent) ?? 7, 365);
  return { days, noncurrentVersionDays };
}

export function keyAdminRoleArn(scope: Construct): string | undefined {
  const key = SAFEGUARD_KEYS.keyAdminRoleArn;
  const value = context(scope, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(value))
    throw new Error(`${key} must be an IAM role ARN: ${JSON.stringify(value)}`);
  return value;
}

export function validatorConcurrency(scope: Construct): number {
  const key = SAFEGUARD_KEYS.validatorConcurrency;
  return positiveInteger(key, context(scope, key) ?? 4, 100);
}
