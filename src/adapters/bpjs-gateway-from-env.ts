import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { fileExchangeGateway } from '../enrollment/bpjs/file-exchange.ts';
import type { BpjsGateway } from '../enrollment/bpjs/gateway.ts';
import { httpGateway } from '../enrollment/bpjs/http.ts';
import { bpjsSimulator } from '../enrollment/bpjs/simulator.ts';
import { SettingsError } from '../shared/errors.ts';
import { seededRandom } from '../shared/seeded-random.ts';

/** One stream per seed for the process (the gateway is built per invocation; its outages must not restart). */
const seeded = new Map<number, () => number>();
function randomFor(seed: number | undefined): (() => number) | undefined {
  if (seed === undefined) return undefined;
  const random = seeded.get(seed) ?? seededRandom(seed);
  seeded.set(seed, random);
  return random;
}

/** The settings the gateway is chosen and tuned by (parsed in the one env schema, src/composition/env.ts). */
export interface GatewaySettings {
  LINDUNG_BPJS_GATEWAY: 'file-exchange' | 'http' | 'simulator';
  LINDUNG_BPJS_FAILURE_RATE: number;
  LINDUNG_BPJS_LATENCY_MS: number;
  LINDUNG_BPJS_FAILURE_SEED?: number | undefined;
  BPJS_API_ENDPOINT?: string | undefined;
  BPJS_API_TOKEN_SECRET_ARN?: string | undefined;
  BPJS_API_TIMEOUT_MS: number;
}

/**
 * The gateway chosen by configuration: LINDUNG_BPJS_GATEWAY = file-exchange (production default) | http |
 * simulator (the local stack's default). HTTP takes BPJS_API_ENDPOINT and the token secret BPJS_API_TOKEN_SECRET_ARN.
 */
export function bpjsGatewayFromEnv(
  settings: GatewaySettings,
  s3: S3Client,
  bucket: string,
  describeDesa?: (code: string) => string,
): BpjsGateway {
  const kind = settings.LINDUNG_BPJS_GATEWAY;
  if (kind === 'simulator') {
    const random = randomFor(settings.LINDUNG_BPJS_FAILURE_SEED);
    return bpjsSimulator({
      failureRate: settings.LINDUNG_BPJS_FAILURE_RATE,
      latencyMs: settings.LINDUNG_BPJS_LATENCY_MS,
      ...(random ? { random } : {}),
    });
  }
  if (kind === 'http') {
    const endpoint = settings.BPJS_API_ENDPOINT;
    const secretArn = settings.BPJS_API_TOKEN_SECRET_ARN;
    if (!endpoint || !secretArn)
      throw new SettingsError(
        'LINDUNG_BPJS_GATEWAY=http memerlukan BPJS_API_ENDPOINT dan BPJS_API_TOKEN_SECRET_ARN.',
        'LINDUNG_BPJS_GATEWAY=http needs BPJS_API_ENDPOINT and BPJS_API_TOKEN_SECRET_ARN.',
      );
    return httpGateway({
      endpoint,
      timeoutMs: settings.BPJS_API_TIMEOUT_MS,
      token: async () => {
        const token = await getSecret<string>(secretArn, { maxAge: 300 });
        if (!token)
          throw new SettingsError('Rahasia token API BPJS kosong.', 'The BPJS API token secret is empty.');
        return token;
      },
    });
  }
  return fileExchangeGateway(
    {
      async put(key, body, contentType) {
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
        );
      },
    },
    describeDesa,
  );
}
