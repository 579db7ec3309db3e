import type { NewUser } from '../src/access/users.ts';
import { addUser } from '../src/access/users.ts';
import { userDeps } from '../src/composition/access.ts';
import { cognitoClient } from '../src/composition/cognito.ts';
import type { Runtime } from '../src/composition/runtime.ts';
import { regencyConfig, uploadLayout } from '../src/shared/regency-config.ts';
import { loadRegionDirectory } from '../src/validation/regions.ts';
import { startApiServer } from './api-server.ts';
import { startLocalCognito } from './cognito.ts';

/**
 * The example users a fresh data folder gets (passwords printed once by `lindung start`): one of each role, the
 * desa and agency ones those of the regency file's `localStack`, else its first desa and first sector agency.
 */
export async function regencyExampleUsers(): Promise<NewUser[]> {
  const chosen = regencyConfig.localStack;
  const desa =
    chosen?.exampleDesa ?? (await loadRegionDirectory(uploadLayout.regencyCode)).listDesa()[0]?.code;
  const agency =
    chosen?.exampleAgency ??
    uploadLayout.agencies.find((a) => a !== 'disnakertrans') ??
    uploadLayout.agencies[0];
  return [
    { email: 'admin@lindung.local', role: 'admin' },
    { email: 'approver@lindung.local', role: 'approver' },
    { email: 'viewer@lindung.local', role: 'viewer' },
    ...(desa ? [{ email: `desa-${desa}@lindung.local`, role: 'desa' as const, desa }] : []),
    ...(agency ? [{ email: `${agency}@lindung.local`, role: 'agency' as const, agency }] : []),
  ];
}

export interface FrontDoor {
  api: string;
  cognito: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Only on a fresh data folder: the example users and their passwords. */
  exampleUsers: Array<NewUser & { password: string }>;
  stop(): Promise<void>;
}

/**
 * The stack's front door: the Cognito emulator, the API endpoint in front of functions/api, and on a fresh
 * data folder the example users. Sets the API function's environment (access table, allowed origins).
 */
export async function startFrontDoor(options: {
  dataDir: string;
  region: string;
  db: Runtime['dynamo'];
  accessTable: string;
}): Promise<FrontDoor> {
  const cognito = await startLocalCognito(options.dataDir, options.region);
  try {
    Object.assign(process.env, {
      ACCESS_TABLE: options.accessTable,
      // The dashboard runs on a port of its own; locally any origin may call with a bearer token.
      ALLOWED_ORIGINS: process.env.LINDUNG_ALLOWED_ORIGINS ?? '*',
    });
    const api = await startApiServer({ issuer: cognito.issuer, userPoolClientId: cognito.userPoolClientId });
    const exampleUsers: FrontDoor['exampleUsers'] = [];
    if (cognito.created) {
      const target = {
        region: options.region,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        endpoints: { cognito: cognito.url },
      };
      const idp = cognitoClient(target);
      const deps = userDeps(
        { dynamo: options.db, target, tables: { access: options.accessTable } },
        cognito.userPoolId,
        idp,
      );
      for (const u of await regencyExampleUsers()) {
        const { password } = await addUser(deps, u, { id: 'cli:lindung-start', role: 'operator' });
        exampleUsers.push({ ...u, password });
      }
      idp.destroy();
    }
    return {
      api: api.url,
      cognito: cognito.url,
      userPoolId: cognito.userPoolId,
      userPoolClientId: cognito.userPoolClientId,
      exampleUsers,
      async stop() {
        await api.stop();
        await cognito.stop();
      },
    };
  } catch (error) {
    await cognito.stop();
    throw error;
  }
}
