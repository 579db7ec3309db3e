import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { StackInfo } from '../../local/stack.ts';

/** The SES client of a stack (its own module: only the commands that send mail load the SES SDK). */
export function sesClientFor(info: StackInfo): SESv2Client {
  return new SESv2Client({
    region: info.region,
    endpoint: info.ses,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
  });
}
