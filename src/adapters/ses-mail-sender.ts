import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { MailSender } from '../quota/ports.ts';

/**
 * Quota alerts through SES v2 (Simple content: HTML and text, UTF-8). Locally the same call reaches
 * aws-ses-v2-local through AWS_ENDPOINT_URL_SESV2.
 */
export function sesMailSender(ses: SESv2Client, options: { from: string }): MailSender {
  return {
    async send(mail) {
      if (mail.to.length === 0) return;
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: { ToAddresses: mail.to },
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
    },
  };
}

/** Sender address of lindung's own mail: LINDUNG_MAIL_FROM, else a no-reply address of the deployment. */
export const mailFrom = (env: NodeJS.ProcessEnv = process.env): string =>
  env.LINDUNG_MAIL_FROM ?? 'lindung-noreply@lindung.local';
