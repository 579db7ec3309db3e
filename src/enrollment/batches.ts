/** A BPJS collective-registration batch: one per run and chunk, correlating answers to the run that sent it. */
export interface BatchRecord {
  batchId: string;
  uploadId: string;
  chunk: number;
  /** The enrollment execution that submitted the batch. */
  executionArn?: string;
  gateway: string;
  participants: number;
  submittedAt: string;
  files?: string[];
  acknowledgements?: Array<{ key: string; at: string; accepted: number; rejected: number }>;
}

export interface BatchRepository {
  /** Records a batch once; a retried task finds it recorded. */
  record(batch: BatchRecord): Promise<'created' | 'exists'>;
  get(batchId: string): Promise<BatchRecord | undefined>;
  /** Appends an acknowledgement file's tally, once per file key. */
  addAcknowledgement(
    batchId: string,
    ack: { key: string; at: string; accepted: number; rejected: number },
  ): Promise<void>;
}

export const batchIdFor = (uploadId: string, chunk: number) =>
  `${uploadId}-${String(chunk).padStart(5, '0')}`;
