import { errorClass } from '../shared/errors.ts';

/** A mail without a recipient: refused before SES is called (never reported as sent). */
export class NoRecipientError extends errorClass('NoRecipientError', {
  code: 'NO_RECIPIENT',
  kind: 'invalid',
  retryable: false,
}) {
  constructor(subject: string) {
    super(`Tidak ada penerima untuk "${subject}".`, `No recipient for "${subject}".`);
  }
}
