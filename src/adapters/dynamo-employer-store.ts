import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Employer } from '../employers/model.ts';
import type { EmployerState, EmployerStore } from '../employers/ports.ts';
import { employerItems } from './dynamo-employer-items.ts';
import { queryAll as queryAllItems } from './dynamo-paging.ts';

/**
 * Employers table (single-table design; single-item conditional writes only, no transactions):
 *
 * | pk                     | sk                          | item                                   |
 * |------------------------|-----------------------------|----------------------------------------|
 * | `EMPLOYER#<key>`       | `META`                      | employer: registry fields, counters, last contact (claim) |
 * | `EMPLOYER#<key>`       | `REFERRAL#<nikHash>`        | a referred worker awaiting / listed in notices (masked NIK only) |
 * | `EMPLOYER#<key>`       | `CONTACT#<at>#<runId>`      | a notice or escalation with its recipients and SES message id |
 * | `DIGEST`               | `STATE` / `DIGEST#<at>#<id>`| digest slot (claim) / one digest of unknown employers |
 *
 * `<key>` is `nib:<13 digits>` or `name:<normalised name>`. GSIs: `byName` (nameKey = normalised name,
 * registry employers only), `employers` (listPk = EMPLOYER, every employer), `outstanding` (outstandingPk =
 * OUTSTANDING, sparse: employers with workers not registered yet), `byWorker` (nikHash, on referrals).
 */
const META = 'META';
const REFERRAL = 'REFERRAL#';
const CONTACT = 'CONTACT#';
const DIGEST_PK = 'DIGEST';
const DIGEST_STATE = 'STATE';
const DIGEST_SK = 'DIGEST#';
const pk = (key: string) => `EMPLOYER#${key}`;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

export function dynamoEmployerStore(db: DynamoDBDocumentClient, table: string): EmployerStore {
  const items = employerItems(table);
  const queryAll = (input: Omit<QueryCommandInput, 'TableName'>) =>
    queryAllItems(db, { TableName: table, ...input });

  function setExpression(values: Record<string, unknown>, prefix = 's') {
    const entries = Object.entries(values).filter(([, v]) => v !== undefined);
    return {
      clauses: entries.map((_, i) => `#${prefix}${i} = :${prefix}${i}`),
      names: Object.fromEntries(entries.map(([k], i) => [`#${prefix}${i}`, k])),
      values: Object.fromEntries(entries.map(([, v], i) => [`:${prefix}${i}`, v])),
    };
  }

  async function claim(
    key: { pk: string; sk: string },
    runId: string,
    at: string,
    notAfter: string,
    create: boolean,
  ) {
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: key,
          UpdateExpression: 'SET lastContactAt = :at, lastContactRunId = :run',
          ConditionExpression: `${create ? '' : 'attribute_exists(pk) AND '}(attribute_not_exists(lastContactAt) OR lastContactAt <= :notAfter OR lastContactRunId = :run)`,
          ExpressionAttributeValues: { ':at': at, ':run': runId, ':notAfter': notAfter },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async function get(key: string): Promise<Employer | undefined> {
    const out = await db.send(
      new GetCommand({ TableName: table, Key: { pk: pk(key), sk: META }, ConsistentRead: true }),
    );
    return out.Item ? items.employer(out.Item) : undefined;
  }

  return {
    get,

    async findByName(normalizedName) {
      const found = await queryAll({
        IndexName: 'byName',
        KeyConditionExpression: 'nameKey = :n',
        ExpressionAttributeValues: { ':n': normalizedName },
      });
      return found.map(items.employer);
    },

    async upsertRegistry(entry, at) {
      const existing = await get(entry.key);
      const projects = [...(existing?.projects ?? [])];
      for (const p of entry.projects) if (!projects.some((x) => x.name === p.name)) projects.push(p);
      const set = setExpression({
        key: entry.key,
        name: entry.name,
        normalizedName: entry.normalizedName,
        nameKey: entry.normalizedName,
        emails: entry.emails,
        type: entry.type,
        projects,
        inRegistry: true,
        importedAt: at,
        updatedAt: at,
        listPk: 'EMPLOYER',
        ...(entry.nib ? { nib: entry.nib } : {}),
        ...(entry.address ? { address: entry.address } : {}),
      });
      const counters = ['referred', 'outstanding', 'registered', 'notices', 'escalations'];
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: pk(entry.key), sk: META },
          UpdateExpression: `SET ${[...set.clauses, ...counters.map((_, i) => `#c${i} = if_not_exists(#c${i}, :zero)`)].join(', ')}`,
          ExpressionAttributeNames: {
            ...set.names,
            ...Object.fromEntries(counters.map((c, i) => [`#c${i}`, c])),
          },
          ExpressionAttributeValues: { ...set.values, ':zero': 0 },
        }),
      );
      return existing ? 'updated' : 'created';
    },

    async ensureUnknown(e, at) {
      const employer: Employer = {
        key: e.key,
        name: e.name,
        normalizedName: '',
        emails: [],
        type: 'company',
        projects: [],
        inRegistry: false,
        referred: 0,
        outstanding: 0,
        registered: 0,
        notices: 0,
        escalations: 0,
        updatedAt: at,
        ...(e.nib ? { nib: e.nib } : {}),
      };
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { pk: pk(e.key), sk: META, listPk: 'EMPLOYER', ...employer },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async listAll() {
      const found = await queryAll({
        IndexName: 'employers',
        KeyConditionExpression: 'listPk = :p',
        ExpressionAttributeValues: { ':p': 'EMPLOYER' },
      });
      return found.map(items.employer);
    },

    async listOutstanding() {
      const found = await queryAll({
        IndexName: 'outstanding',
        KeyConditionExpression: 'outstandingPk = :p',
        ExpressionAttributeValues: { ':p': 'OUTSTANDING' },
      });
      return found.map(items.employer);
    },

    async addReferred(key, count, at) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: pk(key), sk: META },
          UpdateExpression:
            'SET outstandingPk = :o, lastReferredAt = :at, firstReferredAt = if_not_exists(firstReferredAt, :at) ADD referred :n, outstanding :n',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':o': 'OUTSTANDING', ':at': at, ':n': count },
        }),
      );
    },

    async updateState(key, state: Partial<EmployerState>) {
      const set = setExpression(state as Record<string, unknown>);
      const mark = state.outstanding === undefined ? '' : state.outstanding > 0 ? ', outstandingPk = :o' : '';
      const remove = state.outstanding === 0 ? ' REMOVE outstandingPk' : '';
      if (set.clauses.length === 0) return;
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: pk(key), sk: META },
          UpdateExpression: `SET ${set.clauses.join(', ')}${mark}${remove}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: set.names,
          ExpressionAttributeValues: { ...set.values, ...(mark ? { ':o': 'OUTSTANDING' } : {}) },
        }),
      );
    },

    claimContact(key, runId, at, notAfter) {
      return claim({ pk: pk(key), sk: META }, runId, at, notAfter, false);
    },

    async releaseContact(key, runId, previous) {
      const set = setExpression({ lastContactAt: previous.at, lastContactRunId: previous.runId });
      const removed = ['lastContactAt', 'lastContactRunId'].filter(
        (k) => !Object.values(set.names).includes(k),
      );
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: pk(key), sk: META },
            UpdateExpression: [
              set.clauses.length > 0 ? `SET ${set.clauses.join(', ')}` : '',
              removed.length > 0 ? `REMOVE ${removed.join(', ')}` : '',
            ].join(' '),
            ConditionExpression: 'lastContactRunId = :run',
            ExpressionAttributeNames: Object.keys(set.names).length > 0 ? set.names : undefined,
            ExpressionAttributeValues: { ...set.values, ':run': runId },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async putReferral(r) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { pk: pk(r.employerKey), sk: `${REFERRAL}${r.nikHash}`, ...r },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'queued';
      } catch (error) {
        if (isConditionFailure(error)) return 'exists';
        throw error;
      }
    },

    async listReferrals(employerKey) {
      const found = await queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': pk(employerKey), ':sk': REFERRAL },
        ConsistentRead: true,
      });
      return found.map(items.referral);
    },

    async referralsOfWorker(nikHash) {
      const found = await queryAll({
        IndexName: 'byWorker',
        KeyConditionExpression: 'nikHash = :h',
        ExpressionAttributeValues: { ':h': nikHash },
      });
      return found.map(items.referral);
    },

    async updateReferral(employerKey, nikHash, patch) {
      const { employerKey: _k, nikHash: _h, ...rest } = patch;
      const set = setExpression(rest as Record<string, unknown>);
      if (set.clauses.length === 0) return;
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: pk(employerKey), sk: `${REFERRAL}${nikHash}` },
          UpdateExpression: `SET ${set.clauses.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: set.names,
          ExpressionAttributeValues: set.values,
        }),
      );
    },

    async deleteReferral(employerKey, nikHash) {
      await db.send(
        new DeleteCommand({ TableName: table, Key: { pk: pk(employerKey), sk: `${REFERRAL}${nikHash}` } }),
      );
    },

    async putContact(c) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: pk(c.employerKey), sk: `${CONTACT}${c.at}#${c.id}`, ...c },
        }),
      );
    },

    async listContacts(employerKey) {
      const found = await queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': pk(employerKey), ':sk': CONTACT },
        ConsistentRead: true,
      });
      return found.map(items.contact);
    },

    claimDigest(runId, at, notAfter) {
      return claim({ pk: DIGEST_PK, sk: DIGEST_STATE }, runId, at, notAfter, true);
    },

    async putDigest(d) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: DIGEST_PK, sk: `${DIGEST_SK}${d.at}#${d.id}`, ...d },
        }),
      );
    },

    async listDigests(limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
          ExpressionAttributeValues: { ':pk': DIGEST_PK, ':sk': DIGEST_SK },
          ScanIndexForward: false,
          Limit: limit,
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? []).map(items.digest);
    },
  };
}
