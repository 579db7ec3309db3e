import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardServer, dashboardConfig, startDashboardServer } from './dashboard-server.ts';

describe('the local dashboard server', () => {
  let server: DashboardServer;
  beforeAll(async () => {
    server = await startDashboardServer(0, () =>
      dashboardConfig({
        region: 'ap-southeast-3',
        api: 'http://127.0.0.1:1111',
        cognito: 'http://127.0.0.1:2222',
        userPoolClientId: 'client-1',
      }),
    );
  });
  afterAll(() => server.stop());

  it('serves config.json from the stack: the API, the Cognito endpoint and client, never cached', async () => {
    const res = await fetch(`${server.url}/config.json`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      apiUrl: 'http://127.0.0.1:1111',
      cognito: { endpoint: 'http://127.0.0.1:2222', region: 'ap-southeast-3', userPoolClientId: 'client-1' },
    });
  });

  it('serves the built app and nothing outside web/dist', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<script type="module" src="app.js">');
    expect((await fetch(`${server.url}/app.js`)).headers.get('content-type')).toContain('javascript');
    const outside = await fetch(`${server.url}/..%2f..%2fpackage.json`);
    expect(outside.status).toBeGreaterThanOrEqual(400);
    expect(await outside.text()).not.toContain('"name": "lindung"');
  });
});
