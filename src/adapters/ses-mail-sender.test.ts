import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { sesMailSender } from './ses-mail-sender.ts';

const ses = mockClient(SESv2Client);

describe('SES v2 mail sender', () => {
  beforeEach(() => ses.reset());

  it('sends one message with HTML and text bodies in UTF-8 to every recipient', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm1' });
    await sesMailSender(new SESv2Client({}), { from: 'lindung@kutaitimurkab.go.id' }).send({
      to: ['a@kutaitimurkab.go.id', 'b@kutaitimurkab.go.id'],
      subject: 'Kuota terpakai 80%',
      text: 'teks',
      html: '<p>teks</p>',
    });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'lindung@kutaitimurkab.go.id',
      Destination: { ToAddresses: ['a@kutaitimurkab.go.id', 'b@kutaitimurkab.go.id'] },
      Content: {
        Simple: {
          Subject: { Data: 'Kuota terpakai 80%', Charset: 'UTF-8' },
          Body: { Html: { Data: '<p>teks</p>', Charset: 'UTF-8' }, Text: { Data: 'teks', Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('sends nothing when nobody is to receive it', async () => {
    await sesMailSender(new SESv2Client({}), { from: 'x@y.z' }).send({
      to: [],
      subject: 's',
      text: 't',
      html: 'h',
    });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 0);
  });
});
