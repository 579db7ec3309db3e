import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { NoRecipientError } from './mail-errors.ts';

/** One e-mail: HTML and plain-text bodies; copy and reply-to addresses optional. */
export interface SesMail {
  to: string[];
  cc?: string[];
  replyTo?: string[];
  subject: string;
  html: string;
  text: string;
  /** Files: `inline` ones (with a Content-ID) are referenced from the HTML as `cid:<contentId>`. */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  fileName: string;
  contentType: string;
  content: Uint8Array;
  /** Set for inline parts (an image the HTML shows). */
  contentId?: string;
}

/** The SES sender; the message id it returns is recorded with employer notices, escalations and digests. */
export interface SesMailer {
  /** Sends one e-mail; returns the SES message id. */
  send(mail: SesMail): Promise<string>;
}

/**
 * lindung's one SES sender: employer notices, escalations and digests (the `Mailer` port of src/employers)
 * and, through `sesMailSender`, quota alerts. SES v2 Simple content (HTML and plain-text bodies, UTF-8): no
 * MIME library needed. Locally the same call reaches aws-ses-v2-local (`AWS_ENDPOINT_URL_SESV2`).
 */
export function sesMailer(
  ses: SESv2Client,
  options: { from: string; configurationSetName?: string },
): SesMailer {
  return {
    async send(mail) {
      if (mail.to.length === 0) throw new NoRecipientError(mail.subject);
      const cc = mail.cc ?? [];
      const replyTo = mail.replyTo ?? [];
      const out = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: { ToAddresses: mail.to, ...(cc.length > 0 ? { CcAddresses: cc } : {}) },
          ...(replyTo.length > 0 ? { ReplyToAddresses: replyTo } : {}),
          ...(options.configurationSetName ? { ConfigurationSetName: options.configurationSetName } : {}),
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Html: { Data: mail.html, Charset: 'UTF-8' },
                Text: { Data: mail.text, Charset: 'UTF-8' },
              },
              ...(mail.attachments?.length
                ? {
                    Attachments: mail.attachments.map((a) => ({
                      FileName: a.fileName,
                      ContentType: a.contentType,
                      RawContent: a.content,
                      ContentTransferEncoding: 'BASE64' as const,
                      ...(a.contentId
                        ? { ContentId: a.contentId, ContentDisposition: 'INLINE' as const }
                        : { ContentDisposition: 'ATTACHMENT' as const }),
                    })),
                  }
                : {}),
            },
          },
        }),
      );
      if (!out.MessageId) throw new Error('SES SendEmail returned no MessageId');
      return out.MessageId;
    },
  };
}

/**
 * The same sender for the quota's `MailSender` port, whose `send` resolves to nothing (it has no use for the
 * message id); a mail to nobody is skipped, as that port expects. Once that port's `send` resolves to
 * `unknown`, `sesMailer` fits it as it is and this wrapper can go.
 */
export function sesMailSender(
  ses: SESv2Client,
  options: { from: string; configurationSetName?: string },
): { send(mail: SesMail): Promise<void> } {
  const mailer = sesMailer(ses, options);
  return {
    async send(mail) {
      if (mail.to.length === 0) return;
      await mailer.send(mail);
    },
  };
}
