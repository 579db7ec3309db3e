import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_DATA_DIR, withStack } from '../stack-client.ts';

/** A sent e-mail as the local SES endpoint (aws-ses-v2-local) keeps it. */
interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  attachments?: Array<{ filename?: string; contentType: string; size: number }>;
  /** Seconds since the epoch. */
  at: number;
}

export interface OutboxEntry {
  messageId: string;
  date: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  attachments: Array<{ filename: string; contentType: string; size: number }>;
  eml?: string;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** The raw message (RFC 822) of one stored e-mail. */
async function emlOf(ses: string, messageId: string): Promise<Buffer> {
  const out = await getJson<{ body: { type: 'Buffer'; data: number[] } | string }>(
    `${ses}/get-emlContent?messageId=${encodeURIComponent(messageId)}`,
  );
  return typeof out.body === 'string' ? Buffer.from(out.body) : Buffer.from(out.body.data);
}

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60) || 'email';

/**
 * `lindung outbox` — what the local stack sent through SES (notices, escalations, digests, reports):
 * recipient, subject, date, attachments; `--eml DIR` writes each message as an .eml file to open.
 */
export function register(program: Command): void {
  program
    .command('outbox')
    .option('--json', 'print as JSON')
    .option('--to <address>', 'only messages to or copied to this address')
    .option('--eml <dir>', 'also write every listed message as an .eml file into this folder')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (opts: { json?: boolean; to?: string; eml?: string; dataDir: string }) => {
      await withStack(opts.dataDir, async (clients, embedded) => {
        const ses = clients.info.ses;
        const { emails } = await getJson<{ emails: StoredEmail[] }>(`${ses}/store`);
        const wanted = opts.to?.toLowerCase();
        const entries: OutboxEntry[] = emails
          .filter(
            (e) =>
              !wanted ||
              [...e.destination.to, ...e.destination.cc, ...e.destination.bcc].some(
                (a) => a.toLowerCase() === wanted,
              ),
          )
          .map((e) => ({
            messageId: e.messageId,
            date: new Date(e.at * 1000).toISOString(),
            from: e.from,
            to: e.destination.to,
            cc: e.destination.cc,
            subject: e.subject,
            attachments: (e.attachments ?? []).map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              size: a.size,
            })),
          }));
        if (opts.eml) {
          const dir = resolve(opts.eml);
          mkdirSync(dir, { recursive: true });
          for (const [i, e] of entries.entries()) {
            const file = join(
              dir,
              `${e.date.replace(/[^0-9]/g, '').slice(0, 14)}-${String(i + 1).padStart(3, '0')}-${slug(e.subject)}.eml`,
            );
            writeFileSync(file, await emlOf(ses, e.messageId));
            e.eml = file;
          }
        }
        if (opts.json) {
          console.log(JSON.stringify(entries, null, 2));
          return;
        }
        if (entries.length === 0)
          console.log(
            embedded
              ? 'Kotak keluar kosong: SES lokal menyimpan e-mail hanya selama stack berjalan (lindung start) / outbox empty: the local SES keeps mail only while the stack runs'
              : 'Kotak keluar kosong / outbox empty',
          );
        for (const e of entries) {
          const cc = e.cc.length > 0 ? `  cc ${e.cc.join(', ')}` : '';
          const files =
            e.attachments.length > 0
              ? `  lampiran/attachments: ${e.attachments.map((a) => a.filename).join(', ')}`
              : '';
          console.log(
            `${e.date}  ${e.to.join(', ')}${cc}\n  ${e.subject}${files}${e.eml ? `\n  ${e.eml}` : ''}`,
          );
        }
      });
    });
}
