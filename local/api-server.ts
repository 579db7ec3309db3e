import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { httpError, unauthenticated } from '../src/shared/errors.ts';
import { invokeLocal } from './lambda-runtime.ts';

export interface ApiServerOptions {
  /** The user pool's issuer (`<cognito url>/<userPoolId>`); its JWKS is at `<issuer>/.well-known/jwks.json`. */
  issuer: string;
  userPoolClientId: string;
  port?: number;
}

const MAX_BODY = 1024 * 1024;

/**
 * The local stand-in for API Gateway's HTTP API: the JWT authorizer (RS256 signature against the pool's JWKS,
 * issuer, expiry, and the app client as audience or client_id), then the very Lambda handler of functions/api
 * with an HTTP API v2 event carrying the claims as the authorizer passes them (strings; arrays as `[a b]`).
 * CORS preflights reach the handler without a token, as API Gateway answers them before the authorizer.
 */
export async function startApiServer(
  options: ApiServerOptions,
): Promise<{ url: string; stop(): Promise<void> }> {
  const jwks = createRemoteJWKSet(new URL(`${options.issuer}/.well-known/jwks.json`));
  const verify = async (token: string): Promise<JWTPayload> => {
    const { payload } = await jwtVerify(token, jwks, { issuer: options.issuer, algorithms: ['RS256'] });
    const client = payload.token_use === 'id' ? payload.aud : payload.client_id;
    const clients = Array.isArray(client) ? client : [client];
    if (!clients.includes(options.userPoolClientId)) throw new Error('token of another app client');
    return payload;
  };

  const server = createServer((req, res) => {
    handle(req, res, verify).catch((error: unknown) => {
      send(res, 500, httpError(error).body);
    });
  });
  const url = await new Promise<string>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () =>
      ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
  return { url, stop: () => close(server) };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  verify: (token: string) => Promise<JWTPayload>,
): Promise<void> {
  const body = await readBody(req);
  const method = req.method ?? 'GET';
  let claims: Record<string, string> = {};
  if (method !== 'OPTIONS') {
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const payload = token ? await verify(token).catch(() => undefined) : undefined;
    if (!payload) {
      send(res, 401, unauthenticated().toJSON(), req.headers.origin);
      return;
    }
    claims = gatewayClaims(payload);
  }
  const result = (await invokeLocal(
    'api',
    toEvent(req, body, claims),
    30_000,
  )) as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies.join(', ');
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
}

/** Claims as API Gateway's JWT authorizer hands them to the function: every value a string. */
function gatewayClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
  );
}

function toEvent(
  req: IncomingMessage,
  body: string,
  claims: Record<string, string>,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [
      k.toLowerCase(),
      Array.isArray(v) ? v.join(',') : (v ?? ''),
    ]),
  );
  const now = new Date();
  const method = req.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } },
    },
    ...(body ? { body } : {}),
    isBase64Encoded: false,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        fail(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function send(res: ServerResponse, status: number, body: unknown, origin?: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(origin ? { 'access-control-allow-origin': origin } : {}),
  });
  res.end(JSON.stringify(body));
}

function close(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections?.();
  });
}
