/**
 * The one error base of lindung: a stable `code` (what programs match on), whether trying again may help, and
 * the message in Bahasa Indonesia (`message`) and English (`messageEn`). Its `kind` says what went wrong from
 * the caller's side; `httpStatus` is the one mapping from kinds to HTTP codes (the API's error responses, and
 * later the CLI's exit codes, read it). Domain errors extend this class (issue #14 moves them onto it).
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export class LindungError extends Error {
  override name = 'LindungError';
  readonly code: string;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  /** English; `message` is Bahasa Indonesia. */
  readonly messageEn: string;

  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    messageEn: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.code = code;
    this.messageEn = messageEn;
    this.retryable = options.retryable ?? (kind === 'unavailable' || kind === 'conflict');
  }

  /** What a client is shown (never a stack or a cause). */
  toJSON(): ErrorBody {
    return { code: this.code, message: this.message, messageEn: this.messageEn, retryable: this.retryable };
  }
}

export interface ErrorBody {
  code: string;
  message: string;
  messageEn: string;
  retryable: boolean;
}

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

/** The one mapping from an error to an HTTP status and body: anything not a LindungError is a 500 that says nothing. */
export function httpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof LindungError) return { status: STATUS[error.kind], body: error.toJSON() };
  return {
    status: 500,
    body: {
      code: 'INTERNAL',
      message: 'Terjadi kesalahan di server; coba lagi nanti.',
      messageEn: 'Something went wrong on the server; try again later.',
      retryable: true,
    },
  };
}

/** The caller is not signed in (no token, expired, or not signed by our user pool). */
export const unauthenticated = () =>
  new LindungError(
    'unauthenticated',
    'UNAUTHENTICATED',
    'Silakan masuk terlebih dahulu (token tidak ada, kedaluwarsa, atau tidak sah).',
    'Sign in first (the token is missing, expired or not valid).',
  );

/** Outside the caller's role or area: says nothing about whether the thing exists. */
export const forbidden = () =>
  new LindungError(
    'forbidden',
    'FORBIDDEN',
    'Anda tidak berwenang mengakses ini.',
    'You are not allowed to access this.',
  );

export const notFound = (what: string, whatEn: string) =>
  new LindungError('not-found', 'NOT_FOUND', `${what} tidak ditemukan.`, `${whatEn} not found.`);

export const invalidRequest = (message: string, messageEn: string) =>
  new LindungError('invalid', 'INVALID_REQUEST', message, messageEn);
