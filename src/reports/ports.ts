/** Ports of the periodic reports: where a report is kept, who it was sent to, the mailer. */

export interface ReportStore {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
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
}

/** One e-mail with its files; `inline` parts carry a Content-ID the HTML references as `cid:<contentId>`. */
export interface ReportMail {
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments: Array<{ fileName: string; contentType: string; content: Uint8Array; contentId?: string }>;
}

/** Sends one e-mail; resolves to the provider's message id (src/adapters/ses-mail-sender.ts in AWS). */
export interface Mailer {
  send(mail: ReportMail): Promise<string>;
}
