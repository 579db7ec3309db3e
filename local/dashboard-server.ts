/**
 * The dashboard on the local stack: web/dist (built at install by scripts/build-web.ts) served as files, and
 * `config.json` made from the stack's own addresses — the same file CloudFront serves in AWS
 * (infra/constructs/dashboard.ts), so the page finds its API and Cognito client the same way in both.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import serveStatic from 'serve-static';

export const WEB_DIST = new URL('../web/dist/', import.meta.url).pathname;

export interface DashboardConfig {
  apiUrl: string;
  cognito: { endpoint: string; region: string; userPoolClientId: string };
}

/** The dashboard's configuration from stack.json's fields (`api`, `cognito`, `userPoolClientId`, `region`). */
export function dashboardConfig(info: {
  region: string;
  api?: string;
  cognito?: string;
  userPoolClientId?: string;
}): DashboardConfig {
  return {
    apiUrl: info.api ?? '',
    cognito: {
      endpoint: info.cognito ?? '',
      region: info.region,
      userPoolClientId: info.userPoolClientId ?? '',
    },
  };
}

export interface DashboardServer {
  url: string;
  stop(): Promise<void>;
}

/** Serves the dashboard on 127.0.0.1; `config` is read on every request (the stack fills it in as it starts). */
export async function startDashboardServer(
  port: number,
  config: () => DashboardConfig,
): Promise<DashboardServer> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    const { buildWeb } = await import('../scripts/build-web.ts');
    await buildWeb(WEB_DIST);
  }
  const files = serveStatic(WEB_DIST, { index: ['index.html'], fallthrough: true });
  const server: Server = createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    if (req.url?.split('?')[0] === '/config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(config()));
      return;
    }
    files(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Tidak ditemukan / not found');
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
