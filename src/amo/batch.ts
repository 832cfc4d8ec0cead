/**
 * Batch writes: amoCRM takes up to 250 elements per POST/PATCH and recommends 50; a 504 means
 * "too much at once — send fewer and retry" (§9.4). Chunks go out one after another, so a big
 * write waits its turn in the shared budget instead of queueing a hundred requests ahead of every
 * other caller.
 */
import { AmoServerError, AmoValidationError } from './errors';
import { embedded, type AmoHttp } from './http';
import { isRecord } from '../core/is-record';

export const DEFAULT_BATCH_SIZE = 50;
const MAX_BATCH_SIZE = 250;

export function clampBatchSize(size: number | undefined): number {
  const n = Math.floor(size ?? DEFAULT_BATCH_SIZE);
  return Math.min(MAX_BATCH_SIZE, Math.max(1, Number.isFinite(n) ? n : DEFAULT_BATCH_SIZE));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * One request per chunk. `send` gets `splittable = true` when a 504 should come back to us (the
 * chunk can still be halved) rather than be retried by the HTTP core. Results are concatenated
 * in input order; validation errors carry indexes into the whole input.
 */
async function runBatches<T, R>(
  items: readonly T[],
  size: number,
  send: (chunk: T[], splittable: boolean) => Promise<R[]>,
): Promise<R[]> {
  const results: R[] = [];
  const sendChunk = async (part: T[], offset: number): Promise<void> => {
    try {
      results.push(...(await send(part, part.length > 1)));
    } catch (e) {
      if (e instanceof AmoServerError && e.status === 504 && part.length > 1) {
        const half = Math.ceil(part.length / 2);
        await sendChunk(part.slice(0, half), offset);
        await sendChunk(part.slice(half), offset + half);
        return;
      }
      throw e instanceof AmoValidationError ? e.offsetBy(offset) : e;
    }
  };
  let offset = 0;
  for (const part of chunk(items, clampBatchSize(size))) {
    await sendChunk(part, offset);
    offset += part.length;
  }
  return results;
}

export interface WrittenRow { id: number; requestId?: string }

/**
 * POST/PATCH `elements` to `path` in batches; returns `_embedded[key]` rows in input order
 * (amoCRM answers each batch in the order it was sent).
 */
export async function writeInBatches(
  http: AmoHttp,
  method: 'POST' | 'PATCH',
  path: string,
  key: string,
  elements: readonly unknown[],
  size: number,
  signal?: AbortSignal,
): Promise<WrittenRow[]> {
  return runBatches(elements, size, async (part, splittable) => {
    const body = await http.request(method, path, { body: part, retryGatewayTimeout: !splittable, ...(signal === undefined ? {} : { signal }) });
    return embedded(body, key, { method, path, status: 200 }).flatMap((row): WrittenRow[] => {
      if (!isRecord(row) || typeof row.id !== 'number') return [];
      return [typeof row.request_id === 'string' ? { id: row.id, requestId: row.request_id } : { id: row.id }];
    });
  });
}
