import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ProgrammeKey, programmeId } from '../quota/model.ts';
import { ProgrammeNotFoundError } from '../quota/ops.ts';
import type { ProgrammeRepository } from '../quota/ports.ts';
import { settingsOnly, stripped, toLedger, toState } from './dynamo-programme-items.ts';
import { addToMap, Expr, guardConditions, pruneClauses } from './dynamo-update-expression.ts';

const META = 'META';
/** The input rows of a ledger item, kept apart from its state. */
const rowsSk = (sk: string) => `${sk}#ROWS`;

/**
 * Programmes table, one partition per programme (pk PROGRAMME#<regency>#<year>):
 * - sk META: the settings, the counters (used, committed, waitlisted; kecUsed and kecWaitlisted maps per
 *   kecamatan code), configVersion, waitSeq (last waitlist position), opSeq, `ops` (record of each op applied,
 *   by op id, only while its effects are being done: removed as soon as they are) and `opPos` (first waitlist
 *   position of an op), `alerts`
 *   (80/90/100 marks), the promotion lease (promoter, promoterUntil). Counters, allocations and op records sit
 *   on one item so ONE conditional UpdateItem checks every limit and records the op: no transactions needed.
 * - sk RESERVATION#<uploadId>#<chunk>, PROMOTION#<op>, IMPORT#<import>#<batch>: ledger items (op id, state
 *   NEW → APPLIED → DONE, result); the op's input rows in `<that sk>#ROWS`, written once: the state changes
 *   rewrite a small item, not the rows (DynamoDB bills an update by the whole item's size).
 * Per-kecamatan data lives in META's maps (no KEC#<code> items), for the same reason.
 */
export function dynamoProgrammeRepository(db: DynamoDBDocumentClient, table: string): ProgrammeRepository {
  const Key = (key: ProgrammeKey, sk = META) => ({ pk: programmeId(key), sk });
  const conditionFailed = (e: unknown) => e instanceof ConditionalCheckFailedException;
  const getItem = async (key: ProgrammeKey, sk: string) =>
    (await db.send(new GetCommand({ TableName: table, Key: Key(key, sk), ConsistentRead: true }))).Item;
  const get = async (key: ProgrammeKey) => {
    const item = await getItem(key, META);
    return item ? toState(item, table) : undefined;
  };
  /** Puts an item unless one is there; returns the stored one (this or the earlier writer's). */
  const putOnce = async (
    key: ProgrammeKey,
    sk: string,
    attributes: Record<string, unknown>,
  ): Promise<Record<string, unknown>> => {
    const item = { ...attributes, ...Key(key, sk) };
    try {
      await db.send(
        new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return item;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      const stored = await getItem(key, sk);
      if (!stored) throw new Error(`${sk} vanished`);
      return stored;
    }
  };
  return {
    get,
    async create(settings, at, by) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...Key(settings),
              ...settings,
              used: 0,
              committed: 0,
              waitlisted: 0,
              kecUsed: {},
              kecWaitlisted: {},
              configVersion: 1,
              waitSeq: 0,
              opSeq: 0,
              ops: {},
              opPos: {},
              alerts: {},
              createdAt: at,
              updatedAt: at,
              updatedBy: by,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (conditionFailed(error)) return 'exists';
        throw error;
      }
    },
    async updateSettings(key, settings, guard, at, by, rearm = []) {
      const x = new Expr();
      const sets = Object.entries(settingsOnly(settings)).map(([k, v]) => `${x.name(k)} = ${x.value(v)}`);
      const cv = x.name('configVersion');
      sets.push(`${cv} = ${cv} + ${x.value(1)}`, `${x.name('updatedAt')} = ${x.value(at)}`);
      sets.push(`${x.name('updatedBy')} = ${x.value(by)}`);
      const removes = rearm.map((t) => `${x.name('alerts')}.${x.name(String(t))}`);
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: Key(key),
            UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: [`attribute_exists(${x.name('pk')})`, ...guardConditions(x, guard)].join(
              ' AND ',
            ),
            ...x.attributes(),
          }),
        );
        return 'updated';
      } catch (error) {
        if (conditionFailed(error)) return 'conflict';
        throw error;
      }
    },
    async applyOp(key, opId, record, guard, options) {
      const x = new Expr();
      const n = (path: string) => x.path(path);
      const op = x.name(opId);
      const d = record.delta;
      const sets = [
        `${n('used')} = ${n('used')} + ${x.value(d.used)}`,
        `${n('committed')} = ${n('committed')} + ${x.value(d.committed)}`,
        `${n('waitlisted')} = ${n('waitlisted')} + ${x.value(d.waitlisted)}`,
        ...addToMap(x, 'kecUsed', d.kecUsed),
        ...addToMap(x, 'kecWaitlisted', d.kecWaitlisted),
        `${n('ops')}.${op} = ${x.value(stripped(record))}`,
        `${n('opSeq')} = ${n('opSeq')} + ${x.value(1)}`,
        `${n('updatedAt')} = ${x.value(record.at)}`,
      ];
      if (options.enqueue && options.enqueue > 0)
        sets.push(
          `${n('opPos')}.${op} = ${n('waitSeq')} + ${x.value(1)}`,
          `${n('waitSeq')} = ${n('waitSeq')} + ${x.value(options.enqueue)}`,
        );
      if (options.leaseUntil) sets.push(`${n('promoterUntil')} = ${x.value(options.leaseUntil)}`);
      const removes = pruneClauses(x, options.prune ?? [], opId);
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: Key(key),
            UpdateExpression: `SET ${sets.join(', ')}${removes}`,
            ConditionExpression: [
              `attribute_exists(${n('pk')})`,
              `attribute_not_exists(${n('ops')}.${op})`,
              ...guardConditions(x, guard),
            ].join(' AND '),
            ...x.attributes(),
            ReturnValues: 'ALL_NEW',
          }),
        );
        if (!out.Attributes) throw new Error('UpdateItem returned no attributes');
        return { status: 'applied', state: toState(out.Attributes, table) };
      } catch (error) {
        if (!conditionFailed(error)) throw error;
        const now = await get(key);
        if (!now) throw new ProgrammeNotFoundError(key);
        const existing = now.ops[opId];
        return existing ? { status: 'exists', record: existing } : { status: 'conflict' };
      }
    },
    async markOpDone(key, opId, _at, prune) {
      // The op's effects are done and recorded where a re-run looks (its ledger, the worker): the record goes.
      const x = new Expr();
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: Key(key),
          UpdateExpression: `REMOVE ${[opId, ...prune.filter((p) => p !== opId)]
            .flatMap((p) => [`${x.name('ops')}.${x.name(p)}`, `${x.name('opPos')}.${x.name(p)}`])
            .join(', ')}`,
          ConditionExpression: `attribute_exists(${x.name('pk')})`,
          ...x.attributes(),
        }),
      );
    },
    async getLedger(key, sk) {
      const state = await getItem(key, sk);
      if (!state) return undefined;
      // A ledger written whole, before its rows had their own item, has them inline.
      if (Array.isArray(state.rows)) return toLedger(state, table);
      const rows = await getItem(key, rowsSk(sk));
      if (!rows) throw new Error(`ledger ${sk} has no rows item`);
      return toLedger({ ...state, rows: rows.rows }, table);
    },
    async createLedger(key, entry) {
      // The rows first: the first writer's rows are the op's input, whoever writes the state item.
      const { rows, ...state } = entry;
      const storedRows = await putOnce(key, rowsSk(entry.sk), { rows });
      const storedState = await putOnce(key, entry.sk, state);
      const inline = Array.isArray(storedState.rows);
      return toLedger(inline ? storedState : { ...storedState, rows: storedRows.rows }, table);
    },
    async setLedgerState(key, sk, from, to, at, result) {
      const x = new Expr();
      const sets = [`${x.name('state')} = ${x.value(to)}`, `${x.name('updatedAt')} = ${x.value(at)}`];
      if (result) sets.push(`${x.name('result')} = ${x.value(stripped(result, true))}`);
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: Key(key, sk),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: `${x.name('state')} IN (${from.map((s) => x.value(s)).join(', ')})`,
            ...x.attributes(),
          }),
        );
        return true;
      } catch (error) {
        if (conditionFailed(error)) return false;
        throw error;
      }
    },
    async acquireLease(key, token, until, now) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: Key(key),
            UpdateExpression: 'SET #promoter = :token, #until = :until',
            ConditionExpression:
              'attribute_exists(#pk) AND (attribute_not_exists(#promoter) OR #until < :now)',
            ExpressionAttributeNames: { '#pk': 'pk', '#promoter': 'promoter', '#until': 'promoterUntil' },
            ExpressionAttributeValues: { ':token': token, ':until': until, ':now': now },
          }),
        );
        return true;
      } catch (error) {
        if (conditionFailed(error)) return false;
        throw error;
      }
    },
    async releaseLease(key, token, unless) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: Key(key),
            UpdateExpression: 'REMOVE #promoter, #until',
            ConditionExpression: unless
              ? '#promoter = :token AND (#opSeq = :seq OR #waitlisted <= :zero OR #used >= #quota OR #committed > :full)'
              : '#promoter = :token',
            ExpressionAttributeNames: {
              '#promoter': 'promoter',
              '#until': 'promoterUntil',
              ...(unless
                ? {
                    '#opSeq': 'opSeq',
                    '#waitlisted': 'waitlisted',
                    '#used': 'used',
                    '#quota': 'quota',
                    '#committed': 'committed',
                  }
                : {}),
            },
            ExpressionAttributeValues: unless
              ? { ':token': token, ':seq': unless.opSeq, ':zero': 0, ':full': unless.committedAbove }
              : { ':token': token },
          }),
        );
        return true;
      } catch (error) {
        if (conditionFailed(error)) return false;
        throw error;
      }
    },
    async claimAlert(key, threshold, at, staleBefore) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: Key(key),
            UpdateExpression: 'SET #alerts.#t = :mark',
            ConditionExpression:
              'attribute_exists(#pk) AND (attribute_not_exists(#alerts.#t) OR (#alerts.#t.#state = :sending AND #alerts.#t.#at < :stale))',
            ExpressionAttributeNames: {
              '#pk': 'pk',
              '#alerts': 'alerts',
              '#t': String(threshold),
              '#state': 'state',
              '#at': 'at',
            },
            ExpressionAttributeValues: {
              ':mark': { state: 'SENDING', at },
              ':sending': 'SENDING',
              ':stale': staleBefore,
            },
          }),
        );
        return true;
      } catch (error) {
        if (conditionFailed(error)) return false;
        throw error;
      }
    },
    async markAlertsSent(key, thresholds, at) {
      if (thresholds.length === 0) return;
      const x = new Expr();
      const mark = x.value({ state: 'SENT', at });
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: Key(key),
          UpdateExpression: `SET ${thresholds.map((t) => `${x.name('alerts')}.${x.name(String(t))} = ${mark}`).join(', ')}`,
          ConditionExpression: `attribute_exists(${x.name('pk')})`,
          ...x.attributes(),
        }),
      );
    },
  };
}
