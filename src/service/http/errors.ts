/**
 * One error shape for every route: `{ error, message? }`, and for invalid input
 * `{ error: 'validation', errors: [{ path, message }] }` with dotted field paths. Anything
 * unexpected becomes a logged 500 without internals in the body.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError, type z } from 'zod';
import type { ValidationErrorResponse } from './api-types';

export class HttpError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message?: string) {
    super(message ?? code);
    this.name = 'HttpError';
  }
}

export const unauthorized = (): HttpError => new HttpError(401, 'unauthorized');
export const forbidden = (code = 'forbidden'): HttpError => new HttpError(403, code);
export const notFound = (): HttpError => new HttpError(404, 'not_found');

export function toValidationResponse(error: ZodError): ValidationErrorResponse {
  return {
    error: 'validation',
    errors: error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}

/** Parses input; a failure answers 400 with field paths (through the error handler). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  return schema.parse(value);
}

const isFastifyError = (error: unknown): error is FastifyError =>
  error instanceof Error && typeof (error as Partial<FastifyError>).code === 'string';

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ZodError) return reply.code(400).send(toValidationResponse(error));
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send(error.message === error.code ? { error: error.code } : { error: error.code, message: error.message });
    }
    // Fastify's own client errors: unparsable JSON, wrong content type, body too large, …
    if (isFastifyError(error) && error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: 'bad_request', message: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: 'internal' });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found' }));
}
