/**
 * Request bodies of batch writes: a JSON array of at most 250 elements (§9.4), each validated with
 * zod; failures are reported per element as amoCRM's `validation-errors` (§4.2).
 */
import type { z } from 'zod';
import { badRequest, validationFailed, type ElementError } from './http-errors';

const MAX_BATCH = 250;

export function readBatch(body: unknown): unknown[] {
  if (!Array.isArray(body)) throw badRequest('Request body must be a JSON array');
  if (body.length === 0) throw badRequest('Request body is empty');
  if (body.length > MAX_BATCH) throw badRequest(`Too many elements in one request: ${body.length} > ${MAX_BATCH}`);
  return body;
}

export const requestIdOf = (element: unknown, index: number): string => {
  if (element && typeof element === 'object' && 'request_id' in element && typeof element.request_id === 'string') return element.request_id;
  return String(index);
};

/** `PATCH /entity/{id}` takes one object: it becomes a batch element carrying the id from the path. */
export function elementWithId(body: unknown, id: number): unknown {
  return body && typeof body === 'object' && !Array.isArray(body) ? { ...body, id } : body;
}

function zodCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return 'InvalidType';
  if (issue.code === 'unrecognized_keys') return 'UnknownField';
  if (issue.code === 'invalid_value') return 'NotSupportedChoice';
  return 'InvalidValue';
}

/** Parses every element; throws one 400 listing all failures, like amoCRM does for a batch. */
export function parseElements<S extends z.ZodType>(schema: S, elements: unknown[]): Array<z.infer<S>> {
  const errors: ElementError[] = [];
  const parsed: Array<z.infer<S>> = [];
  elements.forEach((element, index) => {
    const result = schema.safeParse(element);
    if (result.success) { parsed.push(result.data); return; }
    for (const issue of result.error.issues) {
      const path = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.join('.');
      errors.push({ requestId: requestIdOf(element, index), code: zodCode(issue), path, detail: issue.message });
    }
  });
  if (errors.length > 0) throw validationFailed(errors);
  return parsed;
}

export class ElementErrors {
  readonly list: ElementError[] = [];
  add(requestId: string, code: string, path: string, detail: string): void { this.list.push({ requestId, code, path, detail }); }
  throwIfAny(): void { if (this.list.length > 0) throw validationFailed(this.list); }
}
