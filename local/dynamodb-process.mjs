/**
 * The DynamoDB emulator (dynalite on LevelDB) in a process of its own, forked by local/stack.ts: the emulator's
 * request handling and LevelDB work run on the second core while the handlers, the ASL interpreter and the
 * other emulators share the first. Arguments: <data path> <port> (0 = any free port). Tells its parent
 * `{ port }` once listening; closes the database and exits when asked (`'stop'`), on SIGTERM, or when the
 * parent goes away (its IPC channel closes), so no emulator outlives its stack.
 */
import { createRequire } from 'node:module';
import dynalite from 'dynalite';

// dynalite 4 turns LevelDB iterators into streams whose destroy() closes the iterator through
// `iterator.return()`, which abstract-level 3 iterators do not have: every Query and Scan left its iterator open.
// An open LevelDB iterator pins the table files it started on, so compaction could never delete them — 320 MB
// on disk after a 5,000-row upload (29 MB live), 46 GB after 150,000. `return()` = `close()` mends it.
const levelRequire = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { AbstractIterator, AbstractKeyIterator, AbstractValueIterator } = levelRequire('abstract-level');
for (const Iterator of [AbstractIterator, AbstractKeyIterator, AbstractValueIterator]) {
  if (typeof Iterator.prototype.return !== 'function')
    Iterator.prototype.return = function closeOnReturn() {
      return this.close();
    };
}

// Each LevelDB call of classic-level is a job on libuv's thread pool: a thread wake-up and a context switch
// per call, and dynalite makes several per request (table, item, each index entry). Measured with perf on this
// machine, that hand-off was ~25% of the emulator's CPU. Reads use classic-level's own synchronous get (the
// same LevelDB read, no hand-off: dynalite locks an item across its read-modify-write, so a read never races
// a write of the same item); writes made in the same turn of the event loop go to LevelDB as one batch (one
// hand-off, applied in order, each caller told when its write is stored).
const { ClassicLevel } = levelRequire('classic-level');
ClassicLevel.prototype._get = async function syncGet(key, options) {
  return this._getSync(key, options);
};
const writeBatch = ClassicLevel.prototype._batch;
const pendingWrites = new WeakMap();
function combined(db, operation) {
  return new Promise((stored, failed) => {
    let pending = pendingWrites.get(db);
    if (!pending) {
      pending = { operations: [], callers: [] };
      pendingWrites.set(db, pending);
      setImmediate(() => {
        pendingWrites.delete(db);
        const written =
          db.status === 'open'
            ? writeBatch.call(db, pending.operations, {})
            : Promise.reject(
                Object.assign(new Error('Database is not open'), { code: 'LEVEL_DATABASE_NOT_OPEN' }),
              );
        written.then(
          () => {
            for (const caller of pending.callers) caller.stored();
          },
          (error) => {
            for (const caller of pending.callers) caller.failed(error);
          },
        );
      });
    }
    pending.operations.push(operation);
    pending.callers.push({ stored, failed });
  });
}
ClassicLevel.prototype._put = function combinedPut(key, value) {
  return combined(this, { type: 'put', key, value });
};
ClassicLevel.prototype._del = function combinedDel(key) {
  return combined(this, { type: 'del', key });
};

const [path, port = '0'] = process.argv.slice(2);
if (!path || !process.send) {
  console.error('usage: forked by local/stack.ts with <data path> <port>');
  process.exit(2);
}

const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
// Requests by operation (the X-Amz-Target suffix), for the parent's `stats()` (bench/enrollment.bench.ts).
const requests = {};
server.prependListener('request', (req) => {
  const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
  requests[op] = (requests[op] ?? 0) + 1;
});
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
}

server.on('error', (error) => {
  process.send?.({ error: String(error?.message ?? error) });
  process.exit(1);
});
server.listen(Number(port), '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'stop') stop();
  else if (m === 'stats') process.send?.({ stats: { cpu: process.cpuUsage(), requests: { ...requests } } });
});
process.on('disconnect', stop);
process.on('SIGTERM', stop);
// Ctrl+C reaches the whole process group: the stack drains its running handlers, which still need the tables,
// and then says 'stop'.
process.on('SIGINT', () => undefined);
