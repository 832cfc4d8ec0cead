/**
 * A strict parser for PHP-style form bodies — amoCRM's webhook encoding:
 * `leads[status][0][id]=101&leads[status][0][status_id]=143&account[id]=1`.
 *
 * Strict on purpose, because anyone can POST to a webhook URL: it returns a reason instead of
 * throwing, refuses `__proto__`/`constructor`/`prototype` keys (prototype pollution), bounds pairs,
 * depth and array indices, and rejects what PHP would silently paper over (unclosed brackets,
 * a key that is both a value and a container, the same key twice). Containers whose keys are
 * exactly 0…n-1 become arrays, as PHP's `json_encode` would render them.
 */
type FormValue = string | FormValue[] | FormObject;
interface FormObject { [key: string]: FormValue }

export interface FormLimits {
  maxPairs: number;
  /** Segments in one key, the name included: `leads[status][0][id]` has 4. */
  maxDepth: number;
  /** Largest numeric index, so `a[99999999]=x` cannot ask for a huge array. */
  maxIndex: number;
  maxKeyLength: number;
}

const DEFAULT_FORM_LIMITS: FormLimits = { maxPairs: 10_000, maxDepth: 10, maxIndex: 5_000, maxKeyLength: 512 };

export type FormParseResult = { ok: true; value: FormObject } | { ok: false; reason: string };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const KEY_SHAPE = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;
const INDEX = /^(?:0|[1-9]\d{0,8})$/;

/** A container while parsing: Map keeps keys away from Object.prototype until the final build. */
interface Branch { children: Map<string, Node>; nextIndex: number }
type Node = string | Branch;

class FormError extends Error {}

export function parseForm(body: string, limits: FormLimits = DEFAULT_FORM_LIMITS): FormParseResult {
  try {
    const root: Branch = { children: new Map(), nextIndex: 0 };
    const pairs = body.split('&').filter((pair) => pair !== '');
    if (pairs.length > limits.maxPairs) throw new FormError(`more than ${limits.maxPairs} fields`);
    for (const pair of pairs) {
      const equals = pair.indexOf('=');
      const key = decode(equals === -1 ? pair : pair.slice(0, equals));
      const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
      insert(root, parseKey(key, limits), value);
    }
    return { ok: true, value: build(root) as FormObject };
  } catch (error) {
    if (error instanceof FormError) return { ok: false, reason: error.message };
    throw error;
  }
}

function decode(text: string): string {
  // Most names and many values need no decoding; decodeURIComponent would copy them anyway.
  if (!text.includes('%') && !text.includes('+')) return text;
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    throw new FormError('invalid percent-encoding');
  }
}

/** `a[b][]` → ['a', 'b', ''] ('' = append). */
function parseKey(key: string, limits: FormLimits): string[] {
  if (key.length > limits.maxKeyLength) throw new FormError('key too long');
  const shape = KEY_SHAPE.exec(key);
  if (shape === null) throw new FormError(`malformed key ${JSON.stringify(key.slice(0, 64))}`);
  // KEY_SHAPE has checked the brackets: the tail is `[a][b]…` with no bracket inside a segment.
  // (Split rather than matchAll: matchAll copies its regex on every call, the parser's main cost.)
  const tail = shape[2] ?? '';
  const path = tail === '' ? [shape[1] ?? ''] : [shape[1] ?? '', ...tail.slice(1, -1).split('][')];
  if (path.length > limits.maxDepth) throw new FormError(`key nested deeper than ${limits.maxDepth}`);
  for (const segment of path) {
    if (FORBIDDEN_KEYS.has(segment)) throw new FormError(`forbidden key ${segment}`);
    if (INDEX.test(segment) && Number(segment) > limits.maxIndex) throw new FormError(`index above ${limits.maxIndex}`);
  }
  return path;
}

function insert(root: Branch, path: string[], value: string): void {
  let branch = root;
  path.forEach((rawSegment, position) => {
    const segment = rawSegment === '' ? String(branch.nextIndex) : rawSegment;
    if (INDEX.test(segment)) branch.nextIndex = Math.max(branch.nextIndex, Number(segment) + 1);
    const existing = branch.children.get(segment);
    if (position === path.length - 1) {
      if (existing !== undefined) throw new FormError(`field ${path.join('.')} given twice or also used as a container`);
      branch.children.set(segment, value);
      return;
    }
    if (typeof existing === 'string') throw new FormError(`field ${path.slice(0, position + 1).join('.')} is both a value and a container`);
    const next = existing ?? { children: new Map<string, Node>(), nextIndex: 0 };
    branch.children.set(segment, next);
    branch = next;
  });
}

function build(node: Node): FormValue {
  if (typeof node === 'string') return node;
  const keys = [...node.children.keys()];
  const isList = keys.length > 0 && keys.every((key) => INDEX.test(key)) && node.nextIndex === keys.length;
  if (isList) {
    return keys.map(Number).sort((a, b) => a - b).map((index) => build(node.children.get(String(index)) as Node));
  }
  // fromEntries defines own properties; forbidden names were refused above anyway.
  return Object.fromEntries(keys.map((key) => [key, build(node.children.get(key) as Node)]));
}
