import type { Actor } from '../../src/access/model.ts';
import type { AuditEvent } from '../../src/access/ports.ts';
import { dynamoAccessStore } from '../../src/adapters/dynamo-access-store.ts';
import { dynamoStepLog } from '../../src/adapters/dynamo-step-log.ts';
import { s3RecordedUploader } from '../../src/adapters/s3-recorded-uploader.ts';
import { dynamo, s3 } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import type { UploadedObject } from '../../src/uploads/model.ts';

/**
 * The validator's side of the front door: who asked for the presigned POST an object came through (access
 * table, when the stack has one), and the step log of the run's timeline.
 */
export const uploadGate = {
  recorded() {
    const table = process.env.ACCESS_TABLE;
    return table
      ? { recordedUploader: s3RecordedUploader(s3, dynamoAccessStore(dynamo, table).presigns) }
      : {};
  },
  steps() {
    return dynamoStepLog(dynamo, env().UPLOADS_TABLE);
  },
  /**
   * An employer registry replaces the one Disnakertrans keeps: through the front door only Disnakertrans's own
   * presigned POST may bring one (the local S3 does not enforce POST policies; this check does). Without a
   * presign record it is the operator's own upload.
   */
  async registryUploader(obj: UploadedObject): Promise<{ allowed: boolean; actor?: Actor }> {
    const recorded = await uploadGate.recorded().recordedUploader?.(obj);
    if (!recorded) return { allowed: true };
    const own = recorded.uploader;
    const allowed = own?.kind === 'agency' && own.agency === 'disnakertrans';
    return { allowed, ...(recorded.actor ? { actor: recorded.actor } : {}) };
  },
  /** Records a change a person made through an upload (the registry import) in the audit trail. */
  async audit(event: Omit<AuditEvent, 'id' | 'at'>): Promise<void> {
    const table = process.env.ACCESS_TABLE;
    if (table) await dynamoAccessStore(dynamo, table).audit.record(event);
  },
};
