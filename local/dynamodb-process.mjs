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
