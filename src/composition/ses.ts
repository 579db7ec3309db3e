import { SESv2Client } from '@aws-sdk/client-sesv2';
import { clientConfig } from './client-options.ts';
import type { Runtime } from './runtime.ts';

const clients = new WeakMap<Runtime, SESv2Client>();

/** The runtime's SES client, built on first use (its own module: only what sends mail loads the SES SDK). */
export function sesFor(rt: Runtime): SESv2Client {
  let client = clients.get(rt);
  if (!client) {
    client = new SESv2Client(clientConfig(rt.target, 'ses'));
    clients.set(rt, client);
  }
  return client;
}
