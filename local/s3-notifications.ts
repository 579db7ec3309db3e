import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { decodeS3Key } from '../src/adapters/s3-event.ts';

/** One notification rule: object-created events under `prefix` go to `deliver` (the validator). */
export interface NotificationRule {
  prefix: string;
  deliver: (event: S3Event) => Promise<unknown>;
  /**
   * Lambda's onFailure destination: called with the destination record once an event's attempts are spent
   * (before it lands in failed/).
   */
  onFailure?: (record: FailedInvocationRecord) => Promise<unknown>;
}

/** What Lambda sends to an onFailure destination after an asynchronous invocation's retries. */
export interface FailedInvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: { condition: 'RetriesExhausted'; approximateInvokeCount: number };
  requestPayload: S3Event;
  responsePayload: { errorType: string; errorMessage: string };
}

export interface NotificationOptions {
  dir: string;
  region: string;
  rules: NotificationRule[];
  /** Deliver every event this many times (at-least-once tests); default 1. */
  copies?: number;
  /** Lambda async invocations retry twice; then the event lands in failed/ (a dead-letter folder). */
  attempts?: number;
  onError?: (error: unknown, event: S3Event) => void;
}

type RawRecord = {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
};

/**
 * Turns the S3 emulator's object-created events into the S3Event Lambda receives in AWS (URL-encoded key,
 * unique sequencer, region) and delivers them at least once: each event is written to pending/ before
 * delivery and removed after it succeeded, so a stack that stops mid-way delivers it again on the next start.
 */
export class S3Notifications {
  private seq = 0;
  private readonly inflight = new Set<Promise<void>>();
  private readonly pending: string;
  private readonly failed: string;

  constructor(private readonly options: NotificationOptions) {
    this.pending = join(options.dir, 'pending');
    this.failed = join(options.dir, 'failed');
    mkdirSync(this.pending, { recursive: true });
    mkdirSync(this.failed, { recursive: true });
  }

  /** Called with the emulator's raw event. */
  onObjectEvent(raw: { Records: RawRecord[] }): void {
    for (const r of raw.Records) {
      if (!r.eventName.startsWith('ObjectCreated:')) continue;
      const rule = this.ruleFor(r.s3.object.key);
      if (!rule) continue;
      const event: S3Event = { Records: [this.toRecord(r)] };
      const file = join(this.pending, `${Date.now()}-${String(++this.seq).padStart(6, '0')}.json`);
      writeFileSync(file, JSON.stringify(event));
      for (let copy = 0; copy < (this.options.copies ?? 1); copy++)
        this.track(this.deliver(file, event, copy === 0));
    }
  }

  /** Delivers what a previous run left undelivered. */
  redeliverPending(): number {
    const files = readdirSync(this.pending).filter((f) => f.endsWith('.json'));
    for (const f of files) {
      const file = join(this.pending, f);
      this.track(this.deliver(file, JSON.parse(readFileSync(file, 'utf8')) as S3Event, true));
    }
    return files.length;
  }

  private closed = false;

  /** Stops delivering: undelivered events stay in pending/ for the next start. */
  close(): void {
    this.closed = true;
  }

  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private track(p: Promise<void>) {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private ruleFor(key: string): NotificationRule | undefined {
    return this.options.rules.find((r) => key.startsWith(r.prefix));
  }

  private async deliver(file: string, event: S3Event, owner: boolean): Promise<void> {
    const key = decodeS3Key(event.Records[0]?.s3.object.key ?? '');
    const rule = this.ruleFor(key);
    if (!rule) return;
    const attempts = this.options.attempts ?? 3;
    let last: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (this.closed) return; // stays in pending/: delivered again by the next start
      try {
        await rule.deliver(event);
        if (owner) rmSync(file, { force: true });
        return;
      } catch (error) {
        last = error;
        this.options.onError?.(error, event);
        if (attempt < attempts) await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
      }
    }
    if (this.closed) return;
    if (owner && rule.onFailure) {
      const error = last instanceof Error ? last : new Error(String(last));
      await rule
        .onFailure({
          version: '1.0',
          timestamp: new Date().toISOString(),
          requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: attempts },
          requestPayload: event,
          responsePayload: { errorType: error.name, errorMessage: error.message },
        })
        .catch((failure: unknown) => this.options.onError?.(failure, event));
    }
    if (owner) renameSync(file, join(this.failed, file.split('/').at(-1) ?? 'event.json'));
  }

  private toRecord(r: RawRecord): S3EventRecord {
    const sequencer = `${Date.now().toString(16).toUpperCase()}${String(++this.seq).padStart(8, '0')}`;
    return {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: this.options.region,
      eventTime: new Date().toISOString(),
      eventName: r.eventName,
      userIdentity: { principalId: 'AWS:LOCAL' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': sequencer, 'x-amz-id-2': sequencer },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'uploads-to-validator',
        bucket: {
          name: r.s3.bucket.name,
          ownerIdentity: { principalId: 'LOCAL' },
          arn: `arn:aws:s3:::${r.s3.bucket.name}`,
        },
        object: {
          key: encodeURIComponent(r.s3.object.key).replace(/%20/g, '+').replace(/%2F/g, '/'),
          size: r.s3.object.size ?? 0,
          eTag: r.s3.object.eTag ?? '',
          sequencer,
        },
      },
    };
  }
}
