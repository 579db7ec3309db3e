/**
 * The one error taxonomy of lindung. Every error raised on purpose is a `LindungError`: a stable `code` (what
 * programs match on), a `kind` (what went wrong from the caller's side), whether trying again may help
 * (`retryable`), and the message in Bahasa Indonesia (`message`) and English (`messageEn`). Domain errors are
 * classes made by `errorClass`, whose `name` is also the error name Step Functions sees (a Lambda reports a
 * thrown error by its name). From the kind come the three mappings, each written once:
 * - HTTP status and body: `httpError` (functions/api);
 * - CLI exit code: `exitCodeFor` (src/cli/run-command.ts; the codes are listed in README's CLI section);
 * - Step Functions: the error's `name`; the non-retryable ones a workflow task can throw are
 *   `PERMANENT_ERROR_NAMES` (src/workflow-errors.ts), which `npm run validate:asl` checks every retrier against.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export interface LindungErrorOptions {
  retryable?: boolean;
  cause?: unknown;
}

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
    options: LindungErrorOptions = {},
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

/** What an error class of the taxonomy declares once: its name (also its Step Functions error name) and code. */
export interface ErrorType<N extends string = string> {
  readonly errorName: N;
  readonly code: string;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
}

/**
 * The base of a domain error class: `class NoProgrammeError extends errorClass('NoProgrammeError', {...}) {}`.
 * Instances carry the declared name, code, kind and retryable flag; the class itself carries them as statics
 * (`NoProgrammeError.retryable`), so lists of error types (src/workflow-errors.ts) are derived, not rewritten.
 */
export function errorClass<const N extends string>(
  errorName: N,
  type: { code: string; kind: ErrorKind; retryable: boolean },
) {
  return class extends LindungError {
    static readonly errorName: N = errorName;
    static readonly code: string = type.code;
    static readonly kind: ErrorKind = type.kind;
    static readonly retryable: boolean = type.retryable;
    override name: string = errorName;
    constructor(message: string, messageEn: string, options: { cause?: unknown; code?: string } = {}) {
      super(type.kind, options.code ?? type.code, message, messageEn, {
        retryable: type.retryable,
        cause: options.cause,
      });
    }
  };
}

/**
 * A setting of the deployment or the environment is missing or wrong (a key, an endpoint, a number): an
 * operator must fix it, a retry cannot.
 */
export class SettingsError extends errorClass('SettingsError', {
  code: 'SETTINGS',
  kind: 'internal',
  retryable: false,
}) {}

/** A local stack's data folder was made before a table or index this needs existed: restart it or start afresh. */
export class StackOutdatedError extends errorClass('StackOutdatedError', {
  code: 'STACK_OUTDATED',
  kind: 'conflict',
  retryable: false,
}) {}

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

interface ZodLikeError extends Error {
  issues: Array<{ path: PropertyKey[]; message: string }>;
}

/** A zod error, recognised by its shape (this module stays free of imports: the CLI loads it at start-up). */
function isZodError(error: unknown): error is ZodLikeError {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as ZodLikeError).issues);
}

/**
 * The taxonomy's view of any error: a LindungError as it is, a zod error as the invalid input it is (naming
 * each field), anything else undefined (an internal failure).
 */
export function classify(error: unknown): LindungError | undefined {
  if (error instanceof LindungError) return error;
  if (!isZodError(error)) return undefined;
  const detail = error.issues
    .map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`)
    .join('; ');
  return new LindungError(
    'invalid',
    'INVALID_REQUEST',
    `Masukan tidak sah: ${detail}`,
    `Invalid input: ${detail}`,
    { cause: error },
  );
}

/** The one mapping from an error to an HTTP status and body: anything not in the taxonomy is a 500 that says nothing. */
export function httpError(error: unknown): { status: number; body: ErrorBody } {
  const known = classify(error);
  if (known) return { status: STATUS[known.kind], body: known.toJSON() };
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

/**
 * The CLI's exit codes, one per kind (README, "Exit codes"). 0 is success; 1 an internal failure and 2 a
 * rejected input are the contract of `lindung process` (DESIGN.md); the others tell a script why it failed.
 */
export const EXIT_CODES: Record<ErrorKind, number> = {
  internal: 1,
  invalid: 2,
  'not-found': 3,
  conflict: 4,
  forbidden: 5,
  unauthenticated: 5,
  unavailable: 6,
};

/** The one mapping from an error to the CLI's exit code: anything not in the taxonomy is an internal failure. */
export function exitCodeFor(error: unknown): number {
  return EXIT_CODES[classify(error)?.kind ?? 'internal'];
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
