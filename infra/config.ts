import type { Construct } from 'constructs';
import { LindungError } from '../src/shared/errors.ts';
import { type RegencyConfig, readRegencyConfig, regencyTimeZone } from '../src/shared/regency-config.ts';

/**
 * Deployment settings that are not code: read from CDK context (`cdk.json` → `context`, or `cdk deploy -c
 * key=value`), validated before any resource is built so a wrong value fails the synth with a clear message.
 */
export const CONTEXT_KEYS = {
  /**
   * The regency file: a name in config/ (`penajam-paser-utara`) or a path. Unset: LINDUNG_REGENCY, then
   * kutai-timur. Its code, name, time zone, agencies, programme defaults, senders and recipients are the
   * deployment's; every function bundles it (LINDUNG_REGENCY_JSON).
   */
  regency: 'lindung:regency',
  /** Optional override of the regency file's `mail.identity`: a verified SES domain or one address. */
  mailIdentity: 'lindung:mailIdentity',
  /** Optional override of `mail.alertsFrom`, the sender of lindung's own mail (quota alerts): LINDUNG_MAIL_FROM. */
  mailFrom: 'lindung:mailFrom',
  /** Optional override of `mail.noticesFrom`, the sender of employer notices and the digest: NOTICE_FROM_EMAIL. */
  noticeFrom: 'lindung:noticeFrom',
  /** Optional: Disnakertrans addresses (comma-separated) instead of the regency's administrators. */
  disnakertransEmails: 'lindung:disnakertransEmails',
  /** Optional: an SES configuration set for employer mail (SES_CONFIGURATION_SET; events, suppression). */
  sesConfigurationSet: 'lindung:sesConfigurationSet',
  /** LINDUNG_BPJS_GATEWAY: `file-exchange` (default) or `simulator` (rehearsal deployments only). */
  bpjsGateway: 'lindung:bpjsGateway',
} as const;

/** Gateways the stack can wire. `http` also needs an endpoint and a token secret, which the stack does not create. */
const BPJS_GATEWAYS = ['file-exchange', 'simulator'] as const;
export type BpjsGatewayKind = (typeof BPJS_GATEWAYS)[number];

export interface LindungConfig {
  /** The regency file chosen by `lindung:regency` (or LINDUNG_REGENCY), checked. */
  readonly regency: RegencyConfig;
  /** Its time zone (IANA, `reports.timeZone`): the daily employer run and the dates in the letters. */
  readonly timeZone: string;
  readonly mail: {
    /** The SES identity (domain or address) whose ARN the send permission names. */
    readonly identity: string;
    readonly alertsFrom: string;
    readonly noticesFrom: string;
    readonly disnakertransEmails?: readonly string[];
    readonly configurationSet?: string;
  };
  readonly bpjsGateway: BpjsGatewayKind;
}

const EMAIL = /^[^\s@,;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const DOMAIN = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context ${key} must be a string`);
  return value.trim();
}

/** The regency file of the app `scope` belongs to (`lindung:regency`, else LINDUNG_REGENCY, else kutai-timur). */
export function regencyOf(scope: Construct): RegencyConfig {
  try {
    return readRegencyConfig(contextString(scope, CONTEXT_KEYS.regency));
  } catch (error) {
    // A failed synth shows the message alone: both languages go into it.
    if (error instanceof LindungError)
      throw new Error(`${error.message} / ${error.messageEn}`, { cause: error });
    throw error;
  }
}

/** Reads and checks the lindung context values of the app `scope` belongs to. */
export function lindungConfig(scope: Construct): LindungConfig {
  const get = (key: string): string | undefined => contextString(scope, key);
  const regency = regencyOf(scope);
  const fromFile: Record<string, string> = {
    [CONTEXT_KEYS.mailIdentity]: regency.mail.identity,
    [CONTEXT_KEYS.mailFrom]: regency.mail.alertsFrom,
    [CONTEXT_KEYS.noticeFrom]: regency.mail.noticesFrom,
  };
  // The regency file's value, unless the context overrides it.
  const required = (key: string): string => get(key) ?? fromFile[key] ?? '';

  const identity = required(CONTEXT_KEYS.mailIdentity);
  if (!DOMAIN.test(identity) && !EMAIL.test(identity))
    throw new Error(`${CONTEXT_KEYS.mailIdentity} must be a domain or an e-mail address: ${identity}`);
  const sender = (key: string): string => {
    const address = required(key);
    if (!EMAIL.test(address)) throw new Error(`${key} must be an e-mail address: ${address}`);
    // SES authorizes a send against the identity that covers the From address: the address or its domain.
    const covered = identity.includes('@')
      ? address.toLowerCase() === identity.toLowerCase()
      : address.toLowerCase().endsWith(`@${identity.toLowerCase()}`);
    if (!covered) throw new Error(`${key} (${address}) is not covered by the SES identity ${identity}`);
    return address;
  };

  const disnakertrans = get(CONTEXT_KEYS.disnakertransEmails)
    ?.split(/[;,\s]+/)
    .filter((e) => e.length > 0);
  for (const address of disnakertrans ?? []) {
    if (!EMAIL.test(address))
      throw new Error(`${CONTEXT_KEYS.disnakertransEmails}: not an e-mail address: ${address}`);
  }

  const configurationSet = get(CONTEXT_KEYS.sesConfigurationSet);
  if (configurationSet !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(configurationSet))
    throw new Error(
      `${CONTEXT_KEYS.sesConfigurationSet} is not an SES configuration set name: ${configurationSet}`,
    );

  const gateway = get(CONTEXT_KEYS.bpjsGateway) ?? 'file-exchange';
  if (!(BPJS_GATEWAYS as readonly string[]).includes(gateway))
    throw new Error(`${CONTEXT_KEYS.bpjsGateway} must be one of ${BPJS_GATEWAYS.join(', ')}: ${gateway}`);

  return {
    regency,
    timeZone: regencyTimeZone(regency),
    mail: {
      identity,
      alertsFrom: sender(CONTEXT_KEYS.mailFrom),
      noticesFrom: sender(CONTEXT_KEYS.noticeFrom),
      ...(disnakertrans && disnakertrans.length > 0 ? { disnakertransEmails: disnakertrans } : {}),
      ...(configurationSet ? { configurationSet } : {}),
    },
    bpjsGateway: gateway as BpjsGatewayKind,
  };
}
