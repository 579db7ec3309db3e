/**
 * Where the SDK clients point. Empty in AWS (the Lambda environment gives region and credentials); the local
 * stack's endpoints and credentials for the CLI (from stack.json). Handlers on the local stack get theirs
 * through the standard AWS_ENDPOINT_URL_<SERVICE> variables, so they use the empty target too.
 */
export interface ClientTarget {
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  endpoints?: Partial<Record<Service, string>>;
  /** S3 emulators answer path-style requests only. */
  forcePathStyle?: boolean;
}

export type Service = 's3' | 'dynamodb' | 'sfn' | 'ses' | 'cognito';

/** Options every SDK client of lindung is built with (HTTP handler, retries): edit them here, once. */
export const sdkClientOptions: Record<string, unknown> = {};

/** The constructor options of one service's client for a target. */
export function clientConfig(target: ClientTarget, service: Service) {
  const endpoint = target.endpoints?.[service];
  return {
    ...sdkClientOptions,
    ...(target.region ? { region: target.region } : {}),
    ...(target.credentials ? { credentials: target.credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}
