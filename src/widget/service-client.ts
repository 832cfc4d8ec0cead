/**
 * The widget's one typed client for the companion service (/api/v1). The host passes `send`:
 * `self.$authorizedAjax` wrapped as a promise, which adds amoCRM's X-Auth-Token (platform
 * reference §3.3). jQuery semantics are kept on purpose: `send` resolves with the parsed body of
 * a 2xx answer and rejects with the jqXHR (`status`, `responseJSON`) otherwise.
 *
 * Types come from the service with `import type` only: no zod, no service code in the bundle.
 * Bodies are checked for their shape at the top level; deeper fields are the service's contract.
 */
import type {
  AccountConfigInput, ConfigConflictResponse, ConfigResponse, DisconnectResponse, MeResponse, ValidationErrorResponse,
} from '../service/http/api-types';

export type {
  AccountConfig, AccountConfigInput, ConfigResponse, ConfigWarning, MeResponse, Role,
} from '../service/http/api-types';

export interface ServiceRequest {
  url: string;
  method: 'GET' | 'PUT' | 'POST';
  dataType: 'json';
  contentType?: string;
  data?: string;
  timeout: number;
}

export type Send = (request: ServiceRequest) => Promise<unknown>;

export type ServiceErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'not_connected' | 'unavailable' | 'invalid_answer' | 'http';

export class ServiceError extends Error {
  constructor(readonly kind: ServiceErrorKind, readonly status: number, readonly code: string | null) {
    super(`service call failed: ${kind}${code === null ? '' : ` (${code})`}, HTTP ${status}`);
    this.name = 'ServiceError';
  }
}

export type SaveConfigResult =
  | { kind: 'saved'; config: ConfigResponse }
  | { kind: 'conflict'; current: ConfigResponse }
  | { kind: 'invalid'; errors: ValidationErrorResponse['errors'] };

export interface ServiceClient {
  me(): Promise<MeResponse>;
  getConfig(): Promise<ConfigResponse>;
  /** `version`: the version the edit started from (ConfigResponse.version). */
  saveConfig(version: number, config: AccountConfigInput): Promise<SaveConfigResult>;
  disconnect(): Promise<DisconnectResponse>;
}

const TIMEOUT_MS = 15_000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Failure { status: number; body: unknown }

function failureOf(rejection: unknown): Failure {
  if (isRecord(rejection) && typeof rejection.status === 'number') {
    const body = rejection.responseJSON ?? parseJson(rejection.responseText);
    return { status: rejection.status, body };
  }
  return { status: 0, body: null };
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function errorOf({ status, body }: Failure): ServiceError {
  const code = isRecord(body) && typeof body.error === 'string' ? body.error : null;
  if (status === 0) return new ServiceError('network', 0, code);
  if (status === 401) return new ServiceError('unauthorized', status, code);
  if (status === 403) return new ServiceError(code === 'account_not_connected' ? 'not_connected' : 'forbidden', status, code);
  if (status === 502 || status === 503) return new ServiceError('unavailable', status, code);
  return new ServiceError('http', status, code);
}

const isConfigResponse = (body: unknown): body is ConfigResponse =>
  isRecord(body) && typeof body.version === 'number' && isRecord(body.config) && Array.isArray(body.warnings);
const isMeResponse = (body: unknown): body is MeResponse =>
  isRecord(body) && isRecord(body.account) && isRecord(body.user) && isRecord(body.role) && typeof body.role.kind === 'string';
const isConflict = (body: unknown): body is ConfigConflictResponse => isRecord(body) && body.error === 'version_conflict' && isConfigResponse(body.current);
const isValidation = (body: unknown): body is ValidationErrorResponse => isRecord(body) && body.error === 'validation' && Array.isArray(body.errors);
const isDisconnected = (body: unknown): body is DisconnectResponse => isRecord(body) && body.status === 'disconnected';

export function createServiceClient(send: Send, baseUrl: string): ServiceClient {
  const root = baseUrl.replace(/\/+$/, '');

  const call = async <T>(method: ServiceRequest['method'], path: string, accept: (body: unknown) => body is T, payload?: unknown): Promise<T> => {
    let body: unknown;
    try {
      body = await send({
        url: `${root}${path}`,
        method,
        dataType: 'json',
        timeout: TIMEOUT_MS,
        ...(payload === undefined ? {} : { contentType: 'application/json', data: JSON.stringify(payload) }),
      });
    } catch (rejection) {
      throw Object.assign(errorOf(failureOf(rejection)), { cause: rejection });
    }
    if (!accept(body)) throw new ServiceError('invalid_answer', 200, null);
    return body;
  };

  return {
    me: () => call('GET', '/api/v1/me', isMeResponse),
    getConfig: () => call('GET', '/api/v1/config', isConfigResponse),
    async saveConfig(version, config) {
      try {
        return { kind: 'saved', config: await call('PUT', '/api/v1/config', isConfigResponse, { version, config }) };
      } catch (error) {
        const failure = error instanceof ServiceError && error.cause !== undefined ? failureOf(error.cause) : null;
        if (failure?.status === 409 && isConflict(failure.body)) return { kind: 'conflict', current: failure.body.current };
        if (failure?.status === 400 && isValidation(failure.body)) return { kind: 'invalid', errors: failure.body.errors };
        throw error;
      }
    },
    disconnect: () => call('POST', '/api/v1/account/disconnect', isDisconnected),
  };
}
