import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Mailer } from '../employers/ports.ts';
import type { MailSender } from '../quota/ports.ts';
import { NoRecipientError } from './mail-errors.ts';
import { sesMailer, sesMailSender } from './ses-mail-sender.ts';

const ses = mockClient(SESv2Client);
const body = (text: string, html: string) => ({
  Html: { Data: html, Charset: 'UTF-8' },
  Text: { Data: text, Charset: 'UTF-8' },
});

/** An employer notice to one recipient, through the Mailer. */
const sendPlainNotice = () =>
  sesMailer(new SESv2Client({}), { from: 'x@y.z' }).send({
    to: ['a@b.c'],
    subject: 's',
    text: 't',
    html: 'h',
  });

describe('SES v2 mail sender', () => {
  beforeEach(() => ses.reset());

  it('serves both ports: employer notices (Mailer) and quota alerts (MailSender)', () => {
    const client = new SESv2Client({});
    const notices: Mailer = sesMailer(client, { from: 'lindung@kutaitimurkab.go.id' });
    const alerts: MailSender = sesMailSender(client, { from: 'lindung@kutaitimurkab.go.id' });
    expect([typeof notices.send, typeof alerts.send]).toEqual(['function', 'function']);
  });

  it('sends a quota alert to every recipient, HTML and text in UTF-8, and nothing else', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm1' });
    await sesMailSender(new SESv2Client({}), { from: 'lindung@kutaitimurkab.go.id' }).send({
      to: ['a@kutaitimurkab.go.id', 'b@kutaitimurkab.go.id'],
      subject: 'Kuota terpakai 80%',
      text: 'teks',
      html: '<p>teks</p>',
    });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input).toEqual({
      FromEmailAddress: 'lindung@kutaitimurkab.go.id',
      Destination: { ToAddresses: ['a@kutaitimurkab.go.id', 'b@kutaitimurkab.go.id'] },
      Content: {
        Simple: {
          Subject: { Data: 'Kuota terpakai 80%', Charset: 'UTF-8' },
          Body: body('teks', '<p>teks</p>'),
        },
      },
    });
  });

  it('sends an employer notice with copy, reply-to and configuration set; returns the message id', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'notice-1' });
    const mailer = sesMailer(new SESv2Client({}), {
      from: 'lindung@kutaitimurkab.go.id',
      configurationSetName: 'lindung',
    });
    const id = await mailer.send({
      to: ['hrd@sawitmakmur.co.id'],
      cc: ['disnakertrans@kutaitimurkab.go.id'],
      replyTo: ['disnakertrans@kutaitimurkab.go.id'],
      subject: 'Pemberitahuan: 2 pekerja PT Sawit Makmur Tbk belum terdaftar BPJS Ketenagakerjaan',
      text: 'Pekerja: Siti — 6408**********02',
      html: '<p>Pekerja: Siti — 6408**********02</p>',
    });
    expect(id).toBe('notice-1');
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'lindung@kutaitimurkab.go.id',
      Destination: {
        ToAddresses: ['hrd@sawitmakmur.co.id'],
        CcAddresses: ['disnakertrans@kutaitimurkab.go.id'],
      },
      ReplyToAddresses: ['disnakertrans@kutaitimurkab.go.id'],
      ConfigurationSetName: 'lindung',
      Content: {
        Simple: {
          Subject: {
            Data: 'Pemberitahuan: 2 pekerja PT Sawit Makmur Tbk belum terdaftar BPJS Ketenagakerjaan',
            Charset: 'UTF-8',
          },
          Body: body('Pekerja: Siti — 6408**********02', '<p>Pekerja: Siti — 6408**********02</p>'),
        },
      },
    });
  });

  it('leaves out empty copy and reply-to lists', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'd1' });
    await sesMailer(new SESv2Client({}), { from: 'x@y.z' }).send({
      to: ['a@b.c'],
      cc: [],
      replyTo: [],
      subject: 's',
      text: 't',
      html: 'h',
    });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Destination).toEqual({ ToAddresses: ['a@b.c'] });
    expect(input).not.toHaveProperty('ReplyToAddresses');
    expect(input).not.toHaveProperty('ConfigurationSetName');
  });

  it('refuses a notice without a recipient; a quota alert to nobody is skipped; nothing is sent', async () => {
    const mail = { to: [], subject: 's', text: 't', html: 'h' };
    await expect(sesMailer(new SESv2Client({}), { from: 'x@y.z' }).send(mail)).rejects.toBeInstanceOf(
      NoRecipientError,
    );
    await expect(sesMailSender(new SESv2Client({}), { from: 'x@y.z' }).send(mail)).resolves.toBeUndefined();
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 0);
  });

  it('fails when SES returns no message id (a notice must not be recorded as sent)', async () => {
    ses.on(SendEmailCommand).resolves({});
    await expect(sendPlainNotice()).rejects.toThrow(/no MessageId/);
  });

  it('passes SES errors on (the caller records the failure and gives the slot back)', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    await expect(sendPlainNotice()).rejects.toMatchObject({ name: 'MessageRejected' });
  });
});
