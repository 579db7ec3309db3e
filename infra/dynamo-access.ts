import type { TableAccess } from './constructs/data-access.ts';
import type { TABLE_INDEXES } from './stateful-stack.ts';
import type { FunctionName } from './stateless-stack.ts';

type TableName = keyof typeof TABLE_INDEXES;

/**
 * Per function, per table, exactly the DynamoDB actions its code calls (adapter methods in src/adapters/dynamo-*,
 * reached from functions/<name>/handler.ts), and the indexes it queries. Checked against the calls the handlers
 * really make on the local stack (LINDUNG_RECORD_DYNAMO_ACTIONS, local/dynamo-action-recorder.ts) and stated
 * again, independently, in infra/suites/function-access.suite.ts. No function scans, deletes in batches or
 * uses transactions; `byArea` is read by the periodic report only, `byUploader` by it and the API.
 */
export const DYNAMO_ACCESS: Record<FunctionName, Partial<Record<TableName, TableAccess>>> = {
  // Records the upload (get, create, update); the programme's age limits (get); employer registries (upsert).
  // Parses untrusted files: no access to the workers table, and no NIK key (it hashes nothing).
  'validate-upload': {
    uploads: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
    programmes: { actions: ['GetItem'] },
    employers: { actions: ['GetItem', 'UpdateItem'] },
  },
  // Claims each NIK (get, conditional put) and records each row's outcome on the chunk's record (get, update).
  'register-workers': {
    uploads: { actions: ['GetItem', 'UpdateItem', 'Query'] },
    workers: { actions: ['GetItem', 'PutItem'] },
  },
  // The chunk's record (registration's outcomes; the places granted, set once), waitlist entries (update), the
  // programme ledger and counters; a promotion reads the head of the line (batch get).
  'reserve-quota': {
    uploads: { actions: ['GetItem', 'UpdateItem', 'Query'] },
    workers: { actions: ['BatchGetItem', 'UpdateItem'] },
    programmes: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
  },
  // Reads the chunk's record and answers (get, query), records the batch (put; its positions on the chunk's
  // record: update), applies synchronous answers (the acceptances: put; refusals: update); releases places and
  // promotes the waitlist (get, waitlist query, update; programme ledger).
  'enroll-workers': {
    uploads: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'Query'] },
    workers: { actions: ['BatchGetItem', 'GetItem', 'UpdateItem'], indexes: ['waitlist'] },
    programmes: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
  },
  // The chunk's record and the workers who changed by themselves; FAILED (update), places released.
  'fail-enrollment': {
    uploads: { actions: ['GetItem', 'UpdateItem', 'Query'] },
    workers: { actions: ['BatchGetItem', 'GetItem', 'UpdateItem'], indexes: ['waitlist'] },
    programmes: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
  },
  // Adds up the chunk outcome records (query) on the upload.
  'finalize-upload': {
    uploads: { actions: ['GetItem', 'Query', 'UpdateItem'] },
    // The upload's coverage counters per desa and day (src/adapters/dynamo-coverage-counters.ts).
    programmes: { actions: ['GetItem', 'PutItem'] },
  },
  // Batches (get, acknowledgement update), the answered chunks' records (get, query), the acceptances once per
  // file and chunk (put), refusals (update), recounts and closes the uploads, releases places and promotes.
  'ingest-bpjs-ack': {
    uploads: { actions: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
    workers: { actions: ['BatchGetItem', 'GetItem', 'UpdateItem'], indexes: ['waitlist'] },
    programmes: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
  },
  // The upload's REFERRED workers (listed on its chunks' records: query; then batch get); matches employers by
  // name, queues referrals.
  'refer-employers': {
    employers: { actions: ['GetItem', 'PutItem', 'UpdateItem'], indexes: ['byName'] },
    workers: { actions: ['BatchGetItem'] },
    uploads: { actions: ['UpdateItem', 'Query'] }, // its step on the upload's timeline; the chunk records
  },
  // Outstanding employers, their referrals and contacts; re-matches unknown employers (moves referrals).
  'plan-employer-notices': {
    employers: {
      actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
      indexes: ['byName', 'outstanding'],
    },
  },
  // One employer: its referrals and contacts, the notice sent; the referred workers' registrations.
  'notify-employer': {
    employers: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'Query'] },
    workers: { actions: ['BatchGetItem'] },
  },
  'send-employer-digest': {
    employers: { actions: ['PutItem', 'UpdateItem', 'Query'], indexes: ['outstanding'] },
    workers: { actions: ['BatchGetItem'] },
  },
  // Issue #12. The report reads counters only: programme, coverage counters, claim counters and its own send
  // records (programmes table: get, query, conditional put, update); the period's uploads per uploader
  // (byUploader), the waitlist head and FAILED workers (waitlist, byArea); employers with their referrals and
  // contacts. Never the workers table itself.
  'send-periodic-report': {
    programmes: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'Query'] },
    uploads: { actions: [], indexes: ['byUploader'] },
    workers: { actions: [], indexes: ['waitlist', 'byArea'] },
    employers: { actions: ['Query'], indexes: ['employers'] },
  },
  // A claims file: the worker by NIK hash (batch get, with its chunk's record and answers: get, query), a KPJ
  // through the regency's BPJS answers (query, once per file); claim lines and counters (get, put, update).
  'ingest-bpjs-claims': {
    programmes: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
    workers: { actions: ['BatchGetItem'] },
    uploads: { actions: ['GetItem', 'Query'] },
  },
  // validate-upload's onFailure destination: the upload ends FAILED with its cause (get, create, update).
  'upload-failed': {
    uploads: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
  },
  // The admin/agency API (functions/api), every read in the caller's scope (src/access): uploads (by id, by
  // uploader, every upload by month for the admin), their chunk records; a worker by NIK hash, an upload's
  // workers (its staged chunks and chunk records); the programme and its ledgers (quota, changes, approvals; a
  // rejection gives the places back); the waitlist; employers.
  api: {
    uploads: { actions: ['GetItem', 'Query', 'UpdateItem'], indexes: ['byUploader', 'byMonth'] },
    workers: { actions: ['GetItem', 'BatchGetItem', 'UpdateItem'], indexes: ['waitlist'] },
    programmes: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'Query'] },
    employers: { actions: ['Query'], indexes: ['employers'] },
  },
};
