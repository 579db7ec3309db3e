import type { DashboardConfig } from './types.ts';

/** The signed-in session: Cognito tokens kept for this browser tab only. */
export interface Session {
  idToken: string;
  accessToken: string;
  expiresAt: number;
}

const SESSION_KEY = 'lindung.session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
  }
}

let config: DashboardConfig | undefined;

export async function loadConfig(): Promise<DashboardConfig> {
  if (!config) {
    const res = await fetch('config.json', { cache: 'no-store' });
    if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
    config = (await res.json()) as DashboardConfig;
  }
  return config;
}

export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  const s = JSON.parse(raw) as Session;
  return s.expiresAt > Date.now() ? s : null;
}

export function signOut(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/**
 * Signs in with Cognito's USER_PASSWORD_AUTH flow (InitiateAuth), straight from the browser: the same call
 * against cognito-idp.<region>.amazonaws.com in AWS and against the local stack's Cognito emulator.
 */
export async function signIn(username: string, password: string): Promise<Session> {
  const { cognito } = await loadConfig();
  const res = await fetch(cognito.endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: cognito.userPoolClientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    AuthenticationResult?: { IdToken: string; AccessToken: string; ExpiresIn?: number };
    ChallengeName?: string;
    __type?: string;
    message?: string;
  };
  const result = body.AuthenticationResult;
  if (!res.ok || !result) {
    if (body.ChallengeName)
      throw new ApiError(
        401,
        body.ChallengeName,
        'Akun ini perlu mengganti kata sandi lebih dulu: hubungi administrator.',
        'This account must change its password first: ask an administrator.',
      );
    throw new ApiError(
      401,
      body.__type ?? 'NotAuthorizedException',
      'Email atau kata sandi salah.',
      'Wrong e-mail or password.',
    );
  }
  const session: Session = {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    expiresAt: expiryOf(result.IdToken, result.ExpiresIn),
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

/** When the token stops being accepted (its `exp`; ExpiresIn when given), 30 s early. */
function expiryOf(idToken: string, expiresIn?: number): number {
  if (expiresIn) return Date.now() + (expiresIn - 30) * 1000;
  const payload = idToken.split('.')[1] ?? '';
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
  return ((claims.exp ?? Date.now() / 1000 + 3600) - 30) * 1000;
}

/** A call to the admin API with the caller's token; an error answer becomes an ApiError (bilingual). */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const { apiUrl } = await loadConfig();
  const session = currentSession();
  const res = await fetch(`${apiUrl.replace(/\/$/, '')}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(session ? { Authorization: `Bearer ${session.idToken}` } : {}),
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const e = (body ?? {}) as { code?: string; message?: string; messageEn?: string };
    if (res.status === 401) signOut();
    throw new ApiError(
      res.status,
      e.code ?? `HTTP_${res.status}`,
      e.message ?? `Permintaan gagal (HTTP ${res.status})`,
      e.messageEn ?? `Request failed (HTTP ${res.status})`,
    );
  }
  return body as T;
}

/** Sends a file to a presigned POST, reporting progress (fetch has no upload progress: XMLHttpRequest). */
export function postFile(
  url: string,
  fields: Record<string, string>,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new ApiError(xhr.status, 'UPLOAD_FAILED', 'Unggahan gagal', 'Upload failed'));
    xhr.onerror = () => reject(new ApiError(0, 'UPLOAD_FAILED', 'Unggahan gagal', 'Upload failed'));
    xhr.send(form);
  });
}
