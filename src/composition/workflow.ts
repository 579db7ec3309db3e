import type { Actor } from '../access/model.ts';
import type { AuditEvent } from '../access/ports.ts';
import { bpjsGatewayFromEnv } from '../adapters/bpjs-gateway-from-env.ts';
import { dynamoAccessStore } from '../adapters/dynamo-access-store.ts';
import { dynamoBatchRepository } from '../adapters/dynamo-batch-repository.ts';
import { s3RecordedUploader } from '../adapters/s3-recorded-uploader.ts';
import { sfnWorkflowStarter } from '../adapters/sfn-workflow-starter.ts';
import { programmeForReservation } from '../quota/programme.ts';
import { regencyConfig, uploadLayout } from '../shared/regency-config.ts';
import type { UploadedObject } from '../uploads/model.ts';
import { rulesForProgramme, validationRules } from '../validation/default-rules.ts';
import { env } from './env.ts';
import {
  coverageCounters,
  placeReleaser,
  programmeCoverage,
  programmeRepository,
  quotaDeps,
} from './quota.ts';
import { type Runtime, stateMachine, tableIfSet } from './runtime.ts';
import { regionDirectory, uploadRepository, uploadStorage, workerRepository } from './stores.ts';

/** The ports of the workflow's per-chunk tasks (register-workers and the steps built on them). */
export async function chunkTaskDeps(rt: Runtime) {
  return {
    storage: uploadStorage(rt),
    uploads: uploadRepository(rt),
    workers: workerRepository(rt),
    hash: await rt.nikHasher(),
    now: () => new Date(),
  };
}

/** reserve-quota: a chunk's places, on the quota's ports. */
export async function reserveQuotaDeps(rt: Runtime) {
  const base = await chunkTaskDeps(rt);
  return { ...base, quota: quotaDeps(rt, base.now) };
}

/** The enrollment steps: the BPJS gateway chosen by configuration, batches, releases, counters. */
export async function enrollmentDeps(rt: Runtime) {
  return {
    ...(await chunkTaskDeps(rt)),
    batches: dynamoBatchRepository(rt.dynamo, rt.tables.uploads),
    gateway: bpjsGatewayFromEnv(env(), rt.s3, rt.bucket),
    releaser: placeReleaser(rt),
    coverage: programmeCoverage(rt),
    counters: coverageCounters(rt),
  };
}

/** finalize-upload: close the upload, set its coverage counters. */
export function finalizeUploadDeps(rt: Runtime) {
  return { uploads: uploadRepository(rt), now: () => new Date(), counters: coverageCounters(rt) };
}

/**
 * validate-upload: rows checked by the ages and excluded occupations of the programme they would be enrolled
 * in (see reserve-quota); the regency configuration's when no programme is set (reserve-quota then stops the
 * run: set one first).
 */
export async function validateUploadDeps(rt: Runtime, now: Date) {
  const { LINDUNG_CHUNK_SIZE, LINDUNG_MAX_FILE_BYTES } = env();
  const configured = { ...validationRules(regencyConfig), maxFileBytes: LINDUNG_MAX_FILE_BYTES };
  const programme = await programmeForReservation(programmeRepository(rt), regencyConfig.regency.code, now);
  return {
    uploads: uploadRepository(rt),
    storage: uploadStorage(rt),
    workflow: sfnWorkflowStarter(rt.sfn, stateMachine(rt, 'enrollment')),
    rules: programme ? rulesForProgramme(configured, programme) : configured,
    regions: await regionDirectory(),
    layout: uploadLayout,
    ...(LINDUNG_CHUNK_SIZE ? { chunkSize: LINDUNG_CHUNK_SIZE } : {}),
    now: () => new Date(),
    ...uploadGate(rt).recorded(),
  };
}

/**
 * The validator's side of the front door: who asked for the presigned POST an object came through (access
 * table, when the stack has one), and the audit trail of the changes an upload makes.
 */
export function uploadGate(rt: Runtime) {
  const access = () => {
    const table = tableIfSet(rt, 'access');
    return table ? dynamoAccessStore(rt.dynamo, table) : undefined;
  };
  const recorded = () => {
    const store = access();
    return store ? { recordedUploader: s3RecordedUploader(rt.s3, store.presigns) } : {};
  };
  return {
    recorded,
    /**
     * An employer registry replaces the one Disnakertrans keeps: through the front door only Disnakertrans's
     * own presigned POST may bring one (the local S3 does not enforce POST policies; this check does). Without
     * a presign record it is the operator's own upload.
     */
    async registryUploader(obj: UploadedObject): Promise<{ allowed: boolean; actor?: Actor }> {
      const found = await recorded().recordedUploader?.(obj);
      if (!found) return { allowed: true };
      const own = found.uploader;
      const allowed = own?.kind === 'agency' && own.agency === 'disnakertrans';
      return { allowed, ...(found.actor ? { actor: found.actor } : {}) };
    },
    /** Records a change a person made through an upload (the registry import) in the audit trail. */
    async audit(event: Omit<AuditEvent, 'id' | 'at'>): Promise<void> {
      await access()?.audit.record(event);
    },
  };
}
