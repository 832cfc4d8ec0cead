/**
 * The worker thread that owns PGlite (./pglite-thread.ts is its other end and defines the
 * messages). PGlite runs each query as one synchronous WebAssembly call, file writes included: on
 * the service's main thread that call froze every request — acknowledgements queued behind a
 * job's write. Here it blocks only this thread. Queries run one at a time in arrival order; the
 * main side's SessionGate decides that order (transactions stay whole), this side executes.
 *
 * Plain JavaScript on purpose: a worker does not inherit the TypeScript loader of vitest, and
 * tsx's `--import` hooks do not reach a worker's entry module on Node 20.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const port = parentPort;
if (port === null) throw new Error('pglite-worker.js runs as a worker thread only');
const post = (message) => port.postMessage(message);

/** A DatabaseError's fields (code '23505', constraint…) as plain data: structured clone drops them from an Error. */
function describe(error) {
  if (!(error instanceof Error)) return { message: String(error), fields: {} };
  const fields = {};
  for (const [key, value] of Object.entries(error)) if (typeof value === 'string') fields[key] = value;
  return { message: error.message, fields };
}

/**
 * A statement without parameters goes as one simple-protocol Query message (`exec`): one call into
 * PostgreSQL, where `query` makes six (Parse, Describe, Bind, Describe, Execute, Sync), each with
 * its own buffers. The inbox sends its batch this way (its documents inlined as literals, see
 * src/service/webhooks/inbox.ts), and so do BEGIN and COMMIT: at 1,000 webhooks/s the extended
 * protocol's garbage alone made this thread stop for a full collection every half second.
 * One statement per call, as with parameters (several would answer with the last one's rows).
 */
async function run(pglite, sql, parameters) {
  if (parameters.length > 0) return pglite.query(sql, parameters);
  const results = await pglite.exec(sql);
  return results.at(-1) ?? { rows: [], affectedRows: 0 };
}

async function serve(pglite) {
  // One message at a time, in order: a close comes after every query sent before it.
  let tail = Promise.resolve();
  port.on('message', (message) => {
    tail = tail.then(async () => {
      if (message.kind === 'close') {
        if (!pglite.closed) await pglite.close();
        post({ kind: 'closed' });
        port.close();
        return;
      }
      try {
        const result = await run(pglite, message.sql, message.parameters);
        post({ kind: 'result', id: message.id, rows: result.rows, affectedRows: result.affectedRows, command: result.command });
      } catch (error) {
        post({ kind: 'error', id: message.id, error: describe(error) });
      }
    });
  });
  post({ kind: 'ready' });
}

/**
 * bytea both ways through Buffer's native hex codec. PGlite's own converts byte by byte in
 * JavaScript (`Array.from(bytes).map(toString(16))…`): for the inbox's raw webhook bodies that was
 * about half the cost of an acknowledgement's INSERT. Same text format, '\\x' + hex.
 */
const BYTEA = 17;
const byteaSerializer = (value) => {
  if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
};
const byteaParser = (text) => new Uint8Array(Buffer.from(text.slice(2), 'hex'));

PGlite.create({ serializers: { [BYTEA]: byteaSerializer }, parsers: { [BYTEA]: byteaParser }, ...(workerData.dataDir === undefined ? {} : { dataDir: workerData.dataDir }) })
  .then(serve, (error) => post({ kind: 'failed', error: describe(error) }));
