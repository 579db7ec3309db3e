import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../employers/ports.ts';

/**
 * Sends notices through SES v2 as Simple content (HTML and plain-text bodies, UTF-8): no MIME library needed.
 * Locally the same call reaches aws-ses-v2-local (`AWS_ENDPOINT_URL_SESV2`).
 */
export function sesNoticeMailer(
  ses: SESv2Client,
  options: { from: string; configurationSetName?: string },
): Mailer {
  return {
    async send(mail) {
      const out = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: {
            ToAddresses: mail.to,
            ...(mail.cc.length > 0 ? { CcAddresses: mail.cc } : {}),
          },
          ...(mail.replyTo.length > 0 ? { ReplyToAddresses: mail.replyTo } : {}),
          ...(options.configurationSetName ? { ConfigurationSetName: options.configurationSetName } : {}),
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Html: { Data: mail.html, Charset: 'UTF-8' },
                Text: { Data: mail.text, Charset: 'UTF-8' },
              },
            },
          },
        }),
      );
      if (!out.MessageId) throw new Error('SES SendEmail returned no MessageId');
      return out.MessageId;
    },
  };
}
