/**
 * PGlite in a worker thread (./pglite-worker.js), seen from the main thread as a session that
 * answers `query(sql, parameters)` — what ./pglite-dialect.ts needs. Why a thread: see
 * docs/decisions/0005-acks-off-the-main-thread.md. Values cross by structured clone, which keeps
 * what PGlite returns (Date, Uint8Array for bytea, parsed json, numbers for int8) as they are.
 *
 * The thread keeps the process alive only while a query is in flight: a script that forgets to
 * close its store still exits, and one awaiting a query is not cut off.
 */
import { Worker } from 'node:worker_threads';
import type { PGliteSession, SessionResult } from './pglite-dialect';

type ToWorker =
  | { kind: 'query'; id: number; sql: string; parameters: unknown[] }
  | { kind: 'close' };

type ErrorData = { message: string; fields: Record<string, string> };

type FromWorker =
  | { kind: 'ready' }
  | { kind: 'failed'; error: ErrorData }
  | { kind: 'result'; id: number; rows: unknown[]; affectedRows: number | undefined; command: string | undefined }
  | { kind: 'error'; id: number; error: ErrorData }
  | { kind: 'closed' };

interface PGliteThread extends PGliteSession {
  /** Closes PGlite (after every query sent before) and ends the thread. */
  close(): Promise<void>;
}

interface Waiting { resolve(result: SessionResult<unknown>): void; reject(error: Error): void }

const WORKER_URL = new URL('./pglite-worker.js', import.meta.url);

const toError = ({ message, fields }: ErrorData): Error => Object.assign(new Error(message), fields);

/**
 * Structured clone copies the whole ArrayBuffer behind a view, and a small Buffer (a webhook's
 * raw body) is a view into Node's shared 8 KiB pool: copying just its bytes sends ~1 KiB, not 8.
 */
const compact = (value: unknown): unknown =>
  (value instanceof Uint8Array && value.byteLength !== value.buffer.byteLength ? new Uint8Array(value) : value);

export async function startPGliteThread(dataDir: string | undefined): Promise<PGliteThread> {
  const worker = new Worker(WORKER_URL, { workerData: { dataDir } });
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let gone: Error | undefined;
  let onClosed: (() => void) | undefined;

  const hold = (): void => { if (waiting.size === 1) worker.ref(); };
  const letGo = (): void => { if (waiting.size === 0) worker.unref(); };
  const failAll = (error: Error): void => {
    gone ??= error;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      switch (message.kind) {
        case 'ready': return resolve();
        case 'failed': return reject(toError(message.error));
        case 'closed': return onClosed?.();
        default: {
          const entry = waiting.get(message.id);
          waiting.delete(message.id);
          letGo();
          if (message.kind === 'error') entry?.reject(toError(message.error));
          else entry?.resolve({ rows: message.rows, affectedRows: message.affectedRows, command: message.command });
        }
      }
    });
    worker.on('error', (error) => { reject(error); failAll(error); });
    worker.on('exit', (code) => {
      const error = new Error(`PGlite worker thread exited (code ${code})`);
      reject(error);
      failAll(error);
      onClosed?.();
    });
  });
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  worker.unref();

  let closing: Promise<void> | undefined;
  return {
    query<R>(sql: string, parameters: unknown[]): Promise<SessionResult<R>> {
      if (gone !== undefined) return Promise.reject(gone);
      const id = nextId++;
      return new Promise<SessionResult<R>>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as Waiting['resolve'], reject });
        hold();
        worker.postMessage({ kind: 'query', id, sql, parameters: parameters.map(compact) } satisfies ToWorker);
      });
    },
    close() {
      closing ??= (async () => {
        if (gone === undefined) {
          const closed = new Promise<void>((resolve) => { onClosed = resolve; });
          worker.ref();
          worker.postMessage({ kind: 'close' } satisfies ToWorker);
          await closed;
        }
        gone ??= new Error('store closed');
        await worker.terminate();
      })();
      return closing;
    },
  };
}
