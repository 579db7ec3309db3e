import type { ProgrammeKey } from './model.ts';
import type { MailSender, ProgrammeRepository, QuotaWorkerRepository } from './ports.ts';

/** What the quota use cases need: the programmes table, the registry's quota fields, e-mail, a clock. */
export interface QuotaDeps {
  programmes: ProgrammeRepository;
  workers: QuotaWorkerRepository;
  now: () => Date;
  /** Alerts to administrators at 80/90/100%; without it no alert is sent. */
  mail?: MailSender;
  /** e.g. 'Kabupaten Kutai Timur', for alert texts. */
  regencyName?: string;
  sleep?: (ms: number) => Promise<void>;
}

export interface ChunkRef {
  uploadId: string;
  chunk: number;
}

/** Starts a promotion of the waitlist (inline, or a promotion workflow in AWS). */
export type PromotionTrigger = (key: ProgrammeKey) => Promise<void>;

export const kecamatanOf = (desa: string): string => desa.slice(0, 6);
