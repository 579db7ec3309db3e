import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ROLES } from '../src/access/model.ts';
import { cognitoClient } from '../src/composition/cognito.ts';

export interface LocalCognito {
  /** Endpoint for `--endpoint-url` and the SDK's `endpoint`. */
  url: string;
  userPoolId: string;
  userPoolClientId: string;
  /** The token issuer (`<url>/<userPoolId>`), whose JWKS is at `<issuer>/.well-known/jwks.json`. */
  issuer: string;
  /** True when this data folder had no user pool yet (the stack then creates the example users). */
  created: boolean;
  stop(): Promise<void>;
}

const CHILD = new URL('./cognito-process.mjs', import.meta.url).pathname;

/**
 * cognito-local (the Cognito API on loopback) in a child process of its own, its data under <dataDir>/cognito.
 * A new data folder gets a user pool, an app client allowing USER_PASSWORD_AUTH, and one group per role.
 */
export async function startLocalCognito(dataDir: string, region: string, wanted = 0): Promise<LocalCognito> {
  const dir = join(dataDir, 'cognito');
  mkdirSync(dir, { recursive: true });
  const port = wanted || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = fork(CHILD, [], {
    cwd: dir,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [],
  });
  const stop = () => stopChild(child);
  try {
    await waitForStart(child);
    const client = cognitoClient({
      region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      endpoints: { cognito: url },
    });
    const poolFile = join(dir, 'pool.json');
    let created = false;
    if (!existsSync(poolFile)) {
      const pool = await client.send(
        new CreateUserPoolCommand({
          PoolName: 'lindung',
          UsernameAttributes: ['email'],
          Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
        }),
      );
      const userPoolId = pool.UserPool?.Id ?? '';
      const app = await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: 'lindung-dashboard',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      );
      for (const role of ROLES)
        await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: role }));
      writeFileSync(poolFile, JSON.stringify({ userPoolId, userPoolClientId: app.UserPoolClient?.ClientId }));
      created = true;
    }
    const ids = JSON.parse(readFileSync(poolFile, 'utf8')) as {
      userPoolId: string;
      userPoolClientId: string;
    };
    client.destroy();
    return { url, ...ids, issuer: `${url}/${ids.userPoolId}`, created, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForStart(child: ChildProcess): Promise<void> {
  return new Promise((ok, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`cognito-local did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Cognito Local running on')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        ok();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`cognito-local exited (${code}): ${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}
