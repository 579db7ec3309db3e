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
function randomFor(seed: string | undefined): (() => number) | undefined {
  if (seed === undefined || seed === '') return undefined;
  const n = Number(seed);
  const random = seeded.get(n) ?? seededRandom(n);
  seeded.set(n, random);
  return random;
}

/**
 * The gateway chosen by configuration: LINDUNG_BPJS_GATEWAY = file-exchange (production default) | http |
 * simulator (the local stack's default). HTTP takes BPJS_API_ENDPOINT and the token secret BPJS_API_TOKEN_SECRET_ARN.
 */
export function bpjsGatewayFromEnv(
  vars: NodeJS.ProcessEnv,
  s3: S3Client,
  bucket: string,
  describeDesa?: (code: string) => string,
): BpjsGateway {
  const kind = vars.LINDUNG_BPJS_GATEWAY ?? 'file-exchange';
  if (kind === 'simulator') {
    const random = randomFor(vars.LINDUNG_BPJS_FAILURE_SEED);
    return bpjsSimulator({
      failureRate: Number(vars.LINDUNG_BPJS_FAILURE_RATE ?? 0),
      latencyMs: Number(vars.LINDUNG_BPJS_LATENCY_MS ?? 0),
      ...(random ? { random } : {}),
    });
  }
  if (kind === 'http') {
    const endpoint = vars.BPJS_API_ENDPOINT;
    const secretArn = vars.BPJS_API_TOKEN_SECRET_ARN;
    if (!endpoint || !secretArn)
      throw new SettingsError(
        'LINDUNG_BPJS_GATEWAY=http memerlukan BPJS_API_ENDPOINT dan BPJS_API_TOKEN_SECRET_ARN.',
        'LINDUNG_BPJS_GATEWAY=http needs BPJS_API_ENDPOINT and BPJS_API_TOKEN_SECRET_ARN.',
      );
    return httpGateway({
      endpoint,
      timeoutMs: Number(vars.BPJS_API_TIMEOUT_MS ?? 20_000),
      token: async () => {
        const token = await getSecret<string>(secretArn, { maxAge: 300 });
        if (!token)
          throw new SettingsError('Rahasia token API BPJS kosong.', 'The BPJS API token secret is empty.');
        return token;
      },
    });
  }
  if (kind !== 'file-exchange')
    throw new SettingsError(
      `LINDUNG_BPJS_GATEWAY "${kind}" tidak dikenal (simulator, http, file-exchange).`,
      `Unknown LINDUNG_BPJS_GATEWAY "${kind}" (simulator, http, file-exchange).`,
    );
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
