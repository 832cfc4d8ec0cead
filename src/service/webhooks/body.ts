/**
 * Raw request body → plain data, for the two encodings amoCRM uses (form for account webhooks,
 * JSON or form for Digital Pipeline, §9.3). Never throws: hostile input is a reason, not a crash.
 */
import { parseForm } from './form';

export type Rejection = { ok: false; status: 400 | 415 | 422; reason: string };
export type Decoded = { ok: true; value: unknown } | Rejection;

export const reject = (status: Rejection['status'], reason: string): Rejection => ({ ok: false, status, reason });

const MAX_JSON_DEPTH = 16;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeBody(contentType: string | undefined, raw: Buffer): Decoded {
  const mediaType = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return reject(400, 'body is not UTF-8');
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    const form = parseForm(text);
    return form.ok ? { ok: true, value: form.value } : reject(400, form.reason);
  }
  if (mediaType === 'application/json') return decodeJson(text);
  return reject(415, `unsupported content type ${JSON.stringify(mediaType)}`);
}

function decodeJson(text: string): Decoded {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return reject(400, 'malformed JSON');
  }
  const problem = findJsonProblem(value);
  return problem === null ? { ok: true, value } : reject(400, problem);
}

/** Iterative (no recursion on hostile nesting): depth bound and forbidden keys. */
function findJsonProblem(root: unknown): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `JSON nested deeper than ${MAX_JSON_DEPTH}`;
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `forbidden key ${key}`;
      stack.push({ value: item, depth: depth + 1 });
    }
  }
  return null;
}

/** amoCRM ids: numbers in JSON, digit strings in forms. */
export function readId(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value === 'string' && /^[1-9]\d{0,14}$/.test(value)) return Number(value);
  return null;
}
