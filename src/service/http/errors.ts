/**
 * One error shape for every route: `{ error, message? }`, and for invalid input
 * `{ error: 'validation', errors: [{ path, message }] }` with dotted field paths. Anything
 * unexpected becomes a logged 500 without internals in the body.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError, type z } from 'zod';
import { AmoAccessRejected, AmoAccountBlocked, AmoError, AmoNetworkError, AmoRateLimited, AmoServerError } from '../../amo/errors';
import { RenewalRefused } from '../../amo/transport';
import type { ValidationErrorResponse } from '../../contract/account';

export class HttpError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message?: string) {
    super(message ?? code);
    this.name = 'HttpError';
  }
}

export const unauthorized = (): HttpError => new HttpError(401, 'unauthorized');
export const forbidden = (code = 'forbidden'): HttpError => new HttpError(403, code);
export const notFound = (): HttpError => new HttpError(404, 'not_found');

function toValidationResponse(error: ZodError): ValidationErrorResponse {
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

/**
 * amoCRM failures that reach a route: a clear answer with a stable code, never a 500 (issue 15).
 * 502 `amo_access_rejected` — amoCRM refused the integration's token even after a refresh, or the
 * refresh itself was refused: retrying cannot help, an administrator must reconnect (the widget says so).
 * 503 `amo_unavailable` — amoCRM is down, slow or rate limiting after every retry: try again later.
 * 503 `amo_account_blocked` — amoCRM blocked the account for API abuse: support must lift it.
 * 502 `amo_error` — any other refusal (validation, rights, a vanished entity).
 * Pure: exported for tests.
 */
function amoFailureToHttp(error: unknown): HttpError | null {
  if (error instanceof AmoAccessRejected || error instanceof RenewalRefused) {
    return new HttpError(502, 'amo_access_rejected', 'amoCRM rejected the integration\'s access; an administrator must reconnect the integration');
  }
  if (error instanceof AmoAccountBlocked) return new HttpError(503, 'amo_account_blocked', 'amoCRM blocked the account for API use');
  if (error instanceof AmoRateLimited || error instanceof AmoServerError || error instanceof AmoNetworkError) {
    return new HttpError(503, 'amo_unavailable', 'amoCRM did not answer; try again later');
  }
  if (error instanceof AmoError) return new HttpError(502, 'amo_error', `amoCRM refused the request (${error.kind})`);
  return null;
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((thrown, request, reply) => {
    const amoFailure = amoFailureToHttp(thrown);
    if (amoFailure !== null) request.log.warn({ err: thrown }, 'amoCRM call failed');
    const error = amoFailure ?? thrown;
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
