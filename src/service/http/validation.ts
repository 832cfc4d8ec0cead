/**
 * Input validators shared by every route, webhook and the configuration: values PostgreSQL and
 * `Date` can hold, so bad input is a 400 with a field path instead of a 500 from the store.
 *
 * - Text: PostgreSQL rejects U+0000 in `text` and `jsonb`, and `jsonb` rejects a lone UTF-16
 *   surrogate (`JSON.stringify` writes it as `\ud800`).
 * - Times: a JavaScript `Date` ends at ±8.64e15 ms; anything past year 9999 is nobody's intent.
 * - Ids: amoCRM ids are positive integers; beyond 2^53 they stop being exact.
 */
import { z } from 'zod';

/** 9999-12-31T23:59:59.999Z: the last instant PostgreSQL's timestamptz and every client print. */
const MAX_EPOCH_MS = 253_402_300_799_999;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when PostgreSQL can store the string in text and jsonb columns. */
export const isStorableText = (value: string): boolean => !value.includes('\u0000') && !LONE_SURROGATE.test(value);


const STORABLE_TEXT_MESSAGE = 'contains a NUL character or a lone surrogate';

/** A string PostgreSQL can store, at most `max` characters. */
export const storableText = (max: number) => z.string().max(max).refine(isStorableText, STORABLE_TEXT_MESSAGE);

/** An amoCRM id as a route reads it (a path or query string, or a JSON number). */
const amoIdNumber = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/**
 * An amoCRM id that leaves the parse with its brand (`amoId(asLeadId)`): routes apply brands
 * here, once, and hand typed ids on instead of casting at every use.
 */
export const amoId = <B>(brand: (value: number) => B) => amoIdNumber.transform(brand);
/** The same in a JSON body, where an id is a number and never a string. */
export const jsonAmoId = <B>(brand: (value: number) => B) => z.number().int().positive().max(Number.MAX_SAFE_INTEGER).transform(brand);

/** A point in time in epoch milliseconds that `Date` and PostgreSQL can hold. */
export const epochMs = z.number().int().positive().max(MAX_EPOCH_MS);

/**
 * Every string anywhere in `value` that PostgreSQL cannot store, as zod issues with their paths
 * (keys are checked too: a key is stored as much as a value).
 */
function findUnstorableText(value: unknown, path: Array<string | number> = []): Array<{ path: Array<string | number>; message: string }> {
  const found: Array<{ path: Array<string | number>; message: string }> = [];
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path }];
  while (stack.length > 0 && found.length < 20) {
    const next = stack.pop() as { value: unknown; path: Array<string | number> };
    if (typeof next.value === 'string') {
      if (!isStorableText(next.value)) found.push({ path: next.path, message: STORABLE_TEXT_MESSAGE });
    } else if (Array.isArray(next.value)) {
      next.value.forEach((item, index) => stack.push({ value: item, path: [...next.path, index] }));
    } else if (next.value !== null && typeof next.value === 'object') {
      for (const [key, item] of Object.entries(next.value)) {
        if (!isStorableText(key)) found.push({ path: [...next.path, key], message: STORABLE_TEXT_MESSAGE });
        stack.push({ value: item, path: [...next.path, key] });
      }
    }
  }
  return found;
}

/** Wraps a schema so any unstorable string in the input is a 400 at its own path first. */
export function withStorableText<S extends z.ZodType>(schema: S) {
  return z.unknown().superRefine((value, ctx) => {
    for (const issue of findUnstorableText(value)) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }).pipe(schema);
}
