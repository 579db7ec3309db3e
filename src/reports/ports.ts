/** Ports of the periodic reports: where a report is kept, who it was sent to, the mailer. */
import type { SesMail } from '../adapters/ses-mail-sender.ts';

export interface ReportStore {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
}

export interface SendRecord {
  periodId: string;
  recipient: string;
  state: 'SENDING' | 'SENT' | 'FAILED';
  at: string;
  messageId?: string;
  reportKey?: string;
  error?: string;
}

/**
 * One record per period and recipient. `claim` is a conditional write: it succeeds once (or again after a
 * FAILED send), so a re-run of the same period — a retried schedule, a second `lindung report --send` — sends
 * nothing twice. A crash between claim and send leaves SENDING: not re-sent automatically (at most once).
 */
export interface SendLog {
  claim(periodId: string, recipient: string, at: string, reportKey: string): Promise<boolean>;
  sent(periodId: string, recipient: string, messageId: string, at: string): Promise<void>;
  failed(periodId: string, recipient: string, error: string, at: string): Promise<void>;
  list(periodId: string): Promise<SendRecord[]>;
}

export interface Mailer {
  send(mail: SesMail): Promise<string>;
}
