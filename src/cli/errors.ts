import { errorClass } from '../shared/errors.ts';

/** The command line asks for something that cannot be done as given (exit code 2, like a rejected file). */
export class UsageError extends errorClass('UsageError', {
  code: 'USAGE',
  kind: 'invalid',
  retryable: false,
}) {}

/** A command gave up waiting for a workflow run that is still going: look again later (`lindung status`). */
export class StillRunningError extends errorClass('StillRunningError', {
  code: 'STILL_RUNNING',
  kind: 'unavailable',
  retryable: true,
}) {
  constructor(seconds: number, what: string) {
    super(`Masih berjalan setelah ${seconds} detik: ${what}`, `Still running after ${seconds} s: ${what}`);
  }
}
