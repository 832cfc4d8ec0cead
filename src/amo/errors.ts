/**
 * Typed amoCRM failures. Callers branch on `instanceof` (or `kind`), never on message text.
 * Status meanings: platform reference §4.2 and §4.3; 403 doubles as "account blocked" (§9.6).
 */

export interface ValidationIssue {
  /** `request_id` as amoCRM echoed it: ours if we sent one, else the element's index in the request. */
  requestId: string;
  /** Index of the element in the caller's whole input, when the request id was an index. */
  index: number | null;
  path: string;
  code: string;
  detail: string;
}

export interface AmoErrorInit { method: string; path: string; status: number | null; detail?: string }

/** What went wrong, one word per error class below; features read it through the port's `failureKind`. */
export type AmoErrorKind =
  | 'validation' | 'unauthorized' | 'access-rejected' | 'forbidden' | 'account-blocked' | 'not-found'
  | 'rate-limited' | 'server' | 'http' | 'network' | 'protocol';

export abstract class AmoError extends Error {
  abstract readonly kind: AmoErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  constructor(init: AmoErrorInit, what: string) {
    super(`${init.method} ${init.path}: ${what}${init.detail ? ` — ${init.detail}` : ''}`);
    this.name = new.target.name;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
  }
}

/** 400: problem+json with `validation-errors`, one entry per failed batch element. */
export class AmoValidationError extends AmoError {
  readonly kind = 'validation';
  readonly issues: ValidationIssue[];
  constructor(init: AmoErrorInit, issues: ValidationIssue[]) {
    super(init, `validation failed (${issues.length} issue${issues.length === 1 ? '' : 's'})`);
    this.issues = issues;
  }
  /** The same error with element indexes shifted by the offset of the batch chunk that failed. */
  offsetBy(offset: number): AmoValidationError {
    const issues = this.issues.map((i) => ({ ...i, index: i.index === null ? null : i.index + offset }));
    return new AmoValidationError({ method: this.method, path: this.path, status: this.status }, issues);
  }
}

/**
 * A failure that is told apart by its class and kind alone: the statuses below carry nothing but
 * the request, so each is one line naming its kind and message.
 */
function plainAmoError<K extends AmoErrorKind>(kind: K, what: string | ((init: AmoErrorInit) => string)) {
  return class extends AmoError {
    readonly kind = kind;
    constructor(init: AmoErrorInit) { super(init, typeof what === 'string' ? what : what(init)); }
  };
}

export class AmoUnauthorized extends plainAmoError('unauthorized', 'not authorized') {}

/**
 * amoCRM refused the integration's token even after a renewal (a second 401 on one call), or the
 * renewal itself was refused (revoked grant, long-lived token withdrawn, account disconnected).
 * Retrying cannot help: an administrator must reconnect the integration.
 */
export class AmoAccessRejected extends AmoError {
  readonly kind = 'access-rejected';
  constructor(init: AmoErrorInit, cause?: unknown) {
    super(init, 'amoCRM rejected the integration\'s access; reconnect the integration');
    if (cause !== undefined) this.cause = cause;
  }
}

/** 403 for missing rights (e.g. a manager calling /api/v4/users). */
export class AmoForbidden extends plainAmoError('forbidden', 'forbidden') {}

/**
 * The account is blocked for API abuse: every call answers 403, often an nginx HTML page, and
 * only amoCRM support can lift it (§4.3, amocrm-api-php#563). Never retried.
 */
export class AmoAccountBlocked extends plainAmoError('account-blocked', 'account blocked by amoCRM (403)') {}

export class AmoNotFound extends plainAmoError('not-found', 'not found') {}

/** 429 that outlived every retry. */
export class AmoRateLimited extends plainAmoError('rate-limited', 'rate limited') {}

export class AmoServerError extends plainAmoError('server', 'server error') {}

/** Any other HTTP status (402 payment required, 405, 409, …). */
export class AmoHttpError extends plainAmoError('http', (init) => `HTTP ${String(init.status)}`) {}

/** No HTTP answer at all: DNS, connection reset, offline browser. */
export class AmoNetworkError extends AmoError {
  readonly kind = 'network';
  constructor(init: Omit<AmoErrorInit, 'status'>, cause: unknown) {
    super({ ...init, status: null }, 'network failure');
    this.cause = cause;
  }
}

/** A malformed success body: amoCRM answered 2xx with something we cannot read. */
export class AmoProtocolError extends plainAmoError('protocol', 'unexpected response') {}

/** The amoCRM failure an error stands for, or null when it is not one of ours (a bug, the service). */
export const amoFailureKind = (error: unknown): AmoErrorKind | null => (error instanceof AmoError ? error.kind : null);
