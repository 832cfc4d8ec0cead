/**
 * amoCRM error answers. API errors are `application/problem+json` (platform reference §4.2);
 * 429 (and the nginx-style 5xx faults) are deliberately NOT JSON, as on the real platform, so clients
 * that blindly JSON.parse every error get caught here rather than in production.
 */
import type { ProblemWire } from './wire';

type ValidationErrors = NonNullable<ProblemWire['validation-errors']>;

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  500: 'Internal Server Error',
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly validationErrors?: ValidationErrors,
  ) {
    super(detail);
  }

  toProblem(): ProblemWire {
    const problem: ProblemWire = {
      title: TITLES[this.status] ?? 'Error',
      type: `https://httpstatus.es/${this.status}`,
      status: this.status,
      detail: this.detail,
    };
    if (this.validationErrors) problem['validation-errors'] = this.validationErrors;
    return problem;
  }
}

export const badRequest = (detail: string): ApiError => new ApiError(400, detail);
export const forbidden = (detail = 'Не хватает прав для вызова данного метода'): ApiError => new ApiError(403, detail);
export const notFound = (detail = 'Not found'): ApiError => new ApiError(404, detail);
export const unauthorized = (detail = 'Unauthorized'): ApiError => new ApiError(401, detail);

/** One failed element of a batch write, reported the way amoCRM does (§4.2). */
export interface ElementError { requestId: string; code: string; path: string; detail: string }

export function validationFailed(errors: ElementError[]): ApiError {
  const byRequest = new Map<string, ValidationErrors[number]>();
  for (const e of errors) {
    const entry = byRequest.get(e.requestId) ?? { request_id: e.requestId, errors: [] };
    entry.errors.push({ code: e.code, path: e.path, detail: e.detail });
    byRequest.set(e.requestId, entry);
  }
  return new ApiError(400, 'Request validation failed', [...byRequest.values()]);
}

/** The HTML page amoCRM's nginx answers with when it throttles or fails upstream. */
export function htmlErrorPage(status: number): string {
  const text = status === 429 ? 'Too Many Requests' : status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : status === 504 ? 'Gateway Time-out' : 'Error';
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
