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
} from '../contract/account';
import type {
  AdvanceRequest, AvailabilityResponse, CreateExternalKeyResponse, ExternalKeysResponse, FilterWarning, PreviewRequest,
  PreviewResponse, SelfPauseRequest, SessionResponse, SetAwayRequest, StartSessionRequest,
} from '../contract/focus';
import type { ReconcileStatusResponse } from '../contract/reconcile';
import type { DecisionLogResponse, DistributionPeriod, ReceivedResponse } from '../contract/distribution';
import type {
  BackfillProgress, ByLeadResponse, ConfirmReviewRequest, DecisionResponse, OutcomesResponse, RefusalPeriod, ReturnReviewRequest,
  ReviewDetail, ReviewListQuery, ReviewListResponse, RuleWarningsResponse,
} from '../contract/refusals';
import type {
  AnalyticsSettings, ChecklistQuery, ChecklistResponse, CohortsQuery, CohortsResponse, DistantTasksQuery, DistantTasksResponse,
  FunnelQuery, FunnelResponse, LossDealsQuery, LossDealsResponse, LossesQuery, LossesResponse, MirrorStatus, SaveTargetsRequest,
  StuckQuery, StuckResponse, TargetsResponse, TagsQuery, TagsResponse,
} from '../contract/analytics';
import { isRecord } from '../core/is-record';

export type { DecisionLogEntry, DecisionLogResponse, DistributionPeriod, ReceivedResponse } from '../contract/distribution';

export type { Availability, AvailabilityResponse, ManagerAvailability, PreviewResponse } from '../contract/focus';

export type { AccountConfig, ConfigResponse, ConfigWarning, MeResponse, Role } from '../contract/account';

export interface ServiceRequest {
  url: string;
  method: 'GET' | 'PUT' | 'POST';
  dataType: 'json';
  contentType?: string;
  data?: string;
  timeout: number;
}

export type Send = (request: ServiceRequest) => Promise<unknown>;

export type ServiceErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'not_connected' | 'unavailable' | 'invalid_answer' | 'http'
  | 'amo_access_rejected';

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
  /** Admins: the account webhook's health as the service's reconciler last saw it (src/service/reconcile). */
  webhookStatus(): Promise<ReconcileStatusResponse>;
  /** Focus sessions and availability (src/service/focus). */
  focus: FocusCalls;
  /** Lead distribution reads (src/service/distribution); heads and admins, managers get `forbidden`. */
  distribution: DistributionCalls;
  /** Refusal control (src/service/refusals): heads and admins; managers only `byLead` (advice). */
  refusals: RefusalCalls;
  /** Sales-head analytics (src/service/analytics): heads and admins; a manager only `checklist` (own row) and `status`. */
  analytics: AnalyticsCalls;
}

/** One call per analytics route; queries as the service defines them (Unix seconds). */
export interface AnalyticsCalls {
  status(): Promise<MirrorStatus>;
  /** Admins: (re)builds the mirror from amoCRM. */
  startBackfill(): Promise<MirrorStatus>;
  checklist(query: ChecklistQuery): Promise<ChecklistResponse>;
  targets(): Promise<TargetsResponse>;
  saveTargets(request: SaveTargetsRequest): Promise<TargetsResponse>;
  settings(): Promise<AnalyticsSettings>;
  saveSettings(settings: AnalyticsSettings): Promise<AnalyticsSettings>;
  funnel(query: FunnelQuery): Promise<FunnelResponse>;
  losses(query: LossesQuery): Promise<LossesResponse>;
  lossDeals(query: LossDealsQuery): Promise<LossDealsResponse>;
  cohorts(query: CohortsQuery): Promise<CohortsResponse>;
  tags(query: TagsQuery): Promise<TagsResponse>;
  stuck(query: StuckQuery): Promise<StuckResponse>;
  distantTasks(query: DistantTasksQuery): Promise<DistantTasksResponse>;
}

/**
 * One call per refusal route, contract types in and out (views use them through
 * features/refusals/api.ts). Periods are Unix seconds (RefusalPeriod), as the refusal outcomes
 * are counted in amoCRM time.
 */
export interface RefusalCalls {
  listReviews(query: ReviewListQuery): Promise<ReviewListResponse>;
  getReview(id: string): Promise<ReviewDetail>;
  confirm(id: string, request: ConfirmReviewRequest): Promise<DecisionResponse>;
  /** Safe to repeat after a failure: the service continues the same decision. */
  returnToWork(id: string, request: ReturnReviewRequest): Promise<DecisionResponse>;
  byLead(leadId: number): Promise<ByLeadResponse>;
  outcomes(period: RefusalPeriod): Promise<OutcomesResponse>;
  startBackfill(period: RefusalPeriod): Promise<BackfillProgress>;
  getBackfill(): Promise<BackfillProgress>;
  getRuleWarnings(): Promise<RuleWarningsResponse>;
  /** Called after this client decided a review (confirm or return went through): counts changed. */
  onDecided?(listener: () => void): () => void;
}

export interface DistributionCalls {
  /** Every decision about one lead: candidates, why each was skipped, who got it. */
  getLeadLog(leadId: number): Promise<DecisionLogResponse>;
  /** Decisions in a period, oldest first (at most 1,000; `truncated` says when there were more). */
  getLog(period: DistributionPeriod): Promise<DecisionLogResponse>;
  /** Leads received per manager in a period (a head sees their groups). */
  getReceived(period: DistributionPeriod): Promise<ReceivedResponse>;
}

/** `stale`: another tab already moved past the deal; `state` is the session as it is now. */
type AdvanceResult = { kind: 'advanced'; state: SessionResponse } | { kind: 'stale'; state: SessionResponse };

export interface FocusCalls {
  /** The running session, else the last ended one (with its summary), snoozed deals, own availability. */
  getSession(): Promise<SessionResponse>;
  /** Starts, or joins the running session from another tab. */
  startSession(request: StartSessionRequest): Promise<SessionResponse>;
  heartbeat(tabId: string): Promise<SessionResponse>;
  advance(request: AdvanceRequest): Promise<AdvanceResult>;
  stopSession(): Promise<SessionResponse>;
  getAvailability(): Promise<AvailabilityResponse>;
  setSelfPause(request: SelfPauseRequest): Promise<AvailabilityResponse>;
  /** Heads (own groups) and admins; `away: null` lifts it. */
  setAway(userId: number, request: SetAwayRequest): Promise<AvailabilityResponse>;
  /** Admins: per-manager queue sizes for a draft (or the saved) focus section. */
  preview(request: PreviewRequest): Promise<PreviewResponse>;
  /** Admins: stale stages/users/groups of the saved filters. */
  getWarnings(): Promise<{ warnings: FilterWarning[] }>;
  listExternalKeys(): Promise<ExternalKeysResponse>;
  /** The answer is the only time the key itself is shown. */
  createExternalKey(label: string): Promise<CreateExternalKeyResponse>;
  revokeExternalKey(id: string): Promise<void>;
}

const TIMEOUT_MS = 15_000;


export interface Failure { status: number; body: unknown }

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

/** The HTTP answer behind a ServiceError from `call`, for calls whose non-2xx answers carry a result (409, 400). */
function failureBehind(error: unknown): Failure | null {
  return error instanceof ServiceError && error.cause !== undefined ? failureOf(error.cause) : null;
}

/** Exported for tests. */
export function errorOf({ status, body }: Failure): ServiceError {
  const code = isRecord(body) && typeof body.error === 'string' ? body.error : null;
  // amoCRM refused the integration's token: an administrator must reconnect (not "try later").
  if (code === 'amo_access_rejected') return new ServiceError('amo_access_rejected', status, code);
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
const isSessionResponse = (body: unknown): body is SessionResponse =>
  isRecord(body) && 'session' in body && Array.isArray(body.snoozed) && isRecord(body.availability);
const isAvailabilityResponse = (body: unknown): body is AvailabilityResponse => isRecord(body) && Array.isArray(body.managers);
const isPreviewResponse = (body: unknown): body is PreviewResponse => isRecord(body) && Array.isArray(body.managers) && Array.isArray(body.warnings);
const isWarnings = (body: unknown): body is { warnings: FilterWarning[] } => isRecord(body) && Array.isArray(body.warnings);
const isKeys = (body: unknown): body is ExternalKeysResponse => isRecord(body) && Array.isArray(body.keys);
const isCreatedKey = (body: unknown): body is CreateExternalKeyResponse => isRecord(body) && typeof body.key === 'string';
const isDecisionLog = (body: unknown): body is DecisionLogResponse => isRecord(body) && Array.isArray(body.entries) && typeof body.truncated === 'boolean';
const isReceived = (body: unknown): body is ReceivedResponse => isRecord(body) && Array.isArray(body.managers) && typeof body.held === 'number';
/**
 * One query builder per unit: the brands keep a Unix-seconds period out of distribution's
 * epoch-millisecond routes and the other way round (a mix-up would be off by a factor of 1,000).
 */
const distributionPeriodQuery = ({ from, to }: DistributionPeriod): string => `from=${Math.floor(from)}&to=${Math.floor(to)}`;
const refusalPeriodQuery = ({ from, to }: RefusalPeriod): string => `from=${from}&to=${to}`;
const isAnything = (_body: unknown): _body is unknown => true;
const isReviewList = (body: unknown): body is ReviewListResponse => isRecord(body) && Array.isArray(body.items) && isRecord(body.counts);
const isReviewDetail = (body: unknown): body is ReviewDetail => isRecord(body) && typeof body.id === 'string' && isRecord(body.review) && Array.isArray(body.path);
const isDecision = (body: unknown): body is DecisionResponse => isRecord(body) && isRecord(body.review);
const isByLead = (body: unknown): body is ByLeadResponse => isRecord(body) && (body.kind === 'review' || body.kind === 'advice' || body.kind === 'none');
const isOutcomes = (body: unknown): body is OutcomesResponse => isRecord(body) && isRecord(body.totals) && Array.isArray(body.byReason);
const isBackfill = (body: unknown): body is BackfillProgress => isRecord(body) && typeof body.state === 'string' && typeof body.done === 'number';
const isRuleWarnings = (body: unknown): body is RuleWarningsResponse => isRecord(body) && Array.isArray(body.rules);
/** Any flat query object as `?a=1&b=x`, undefined values left out. */
const queryOf = (query: object): string => {
  const pairs = Object.entries(query).filter(([, value]) => value !== undefined).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
};
const isMirrorStatus = (body: unknown): body is MirrorStatus => isRecord(body) && typeof body.state === 'string' && isRecord(body.progress);
const hasArray = <T>(key: string) => (body: unknown): body is T => isRecord(body) && Array.isArray(body[key]);
const isSettings = (body: unknown): body is AnalyticsSettings => isRecord(body) && isRecord(body.stuckLimitDays);
const isDisconnected = (body: unknown): body is DisconnectResponse => isRecord(body) && body.status === 'disconnected';
const isReconcileStatus = (body: unknown): body is ReconcileStatusResponse => isRecord(body) && typeof body.alarm === 'boolean' && typeof body.known === 'boolean';

export function createServiceClient(send: Send, baseUrl: string): ServiceClient {
  const root = baseUrl.replace(/\/+$/, '');
  const decidedListeners = new Set<() => void>();
  const announceDecided = <T>(answer: Promise<T>): Promise<T> => answer.then((value) => {
    for (const listener of decidedListeners) listener();
    return value;
  });

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
        const failure = failureBehind(error);
        if (failure?.status === 409 && isConflict(failure.body)) return { kind: 'conflict', current: failure.body.current };
        if (failure?.status === 400 && isValidation(failure.body)) return { kind: 'invalid', errors: failure.body.errors };
        throw error;
      }
    },
    disconnect: () => call('POST', '/api/v1/account/disconnect', isDisconnected),
    webhookStatus: () => call('GET', '/api/v1/reconcile/status', isReconcileStatus),
    focus: {
      getSession: () => call('GET', '/api/v1/focus/session', isSessionResponse),
      startSession: (request) => call('POST', '/api/v1/focus/session/start', isSessionResponse, request),
      heartbeat: (tabId) => call('POST', '/api/v1/focus/session/heartbeat', isSessionResponse, { tabId }),
      async advance(request) {
        try {
          return { kind: 'advanced', state: await call('POST', '/api/v1/focus/session/advance', isSessionResponse, request) };
        } catch (error) {
          const failure = failureBehind(error);
          if (failure?.status === 409 && isSessionResponse(failure.body)) return { kind: 'stale', state: failure.body };
          throw error;
        }
      },
      stopSession: () => call('POST', '/api/v1/focus/session/stop', isSessionResponse, {}),
      getAvailability: () => call('GET', '/api/v1/availability', isAvailabilityResponse),
      setSelfPause: (request) => call('POST', '/api/v1/availability/me', isAvailabilityResponse, request),
      setAway: (userId, request) => call('POST', `/api/v1/availability/${encodeURIComponent(String(userId))}`, isAvailabilityResponse, request),
      preview: (request) => call('POST', '/api/v1/focus/preview', isPreviewResponse, request),
      getWarnings: () => call('GET', '/api/v1/focus/warnings', isWarnings),
      listExternalKeys: () => call('GET', '/api/v1/external/keys', isKeys),
      createExternalKey: (label) => call('POST', '/api/v1/external/keys', isCreatedKey, { label }),
      async revokeExternalKey(id) {
        // POST alias of DELETE: the service's CORS allows GET/PUT/POST only.
        await call('POST', `/api/v1/external/keys/${encodeURIComponent(id)}/revoke`, isAnything, {});
      },
    },
    distribution: {
      getLeadLog: (leadId) => call('GET', `/api/v1/distribution/log?leadId=${encodeURIComponent(String(leadId))}`, isDecisionLog),
      getLog: (period) => call('GET', `/api/v1/distribution/log?${distributionPeriodQuery(period)}`, isDecisionLog),
      getReceived: (period) => call('GET', `/api/v1/distribution/received?${distributionPeriodQuery(period)}`, isReceived),
    },
    refusals: {
      listReviews: (query) => call('GET', `/api/v1/refusals/reviews${queryOf(query)}`, isReviewList),
      getReview: (id) => call('GET', `/api/v1/refusals/reviews/${encodeURIComponent(id)}`, isReviewDetail),
      confirm: (id, request) => announceDecided(call('POST', `/api/v1/refusals/reviews/${encodeURIComponent(id)}/confirm`, isDecision, request)),
      returnToWork: (id, request) => announceDecided(call('POST', `/api/v1/refusals/reviews/${encodeURIComponent(id)}/return`, isDecision, request)),
      byLead: (leadId) => call('GET', `/api/v1/refusals/by-lead/${encodeURIComponent(String(leadId))}`, isByLead),
      outcomes: (period) => call('GET', `/api/v1/refusals/outcomes?${refusalPeriodQuery(period)}`, isOutcomes),
      startBackfill: (period) => call('POST', '/api/v1/refusals/backfill', isBackfill, period),
      getBackfill: () => call('GET', '/api/v1/refusals/backfill', isBackfill),
      getRuleWarnings: () => call('GET', '/api/v1/refusals/rules/warnings', isRuleWarnings),
      onDecided(listener) {
        decidedListeners.add(listener);
        return () => { decidedListeners.delete(listener); };
      },
    },
    analytics: {
      status: () => call('GET', '/api/v1/analytics/status', isMirrorStatus),
      startBackfill: () => call('POST', '/api/v1/analytics/backfill', isMirrorStatus, {}),
      checklist: (query) => call('GET', `/api/v1/analytics/checklist${queryOf(query)}`, hasArray<ChecklistResponse>('rows')),
      targets: () => call('GET', '/api/v1/analytics/targets', hasArray<TargetsResponse>('targets')),
      saveTargets: (request) => call('PUT', '/api/v1/analytics/targets', hasArray<TargetsResponse>('targets'), request),
      settings: () => call('GET', '/api/v1/analytics/settings', isSettings),
      saveSettings: (settings) => call('PUT', '/api/v1/analytics/settings', isSettings, settings),
      funnel: (query) => call('GET', `/api/v1/analytics/funnel${queryOf(query)}`, hasArray<FunnelResponse>('stages')),
      losses: (query) => call('GET', `/api/v1/analytics/losses${queryOf(query)}`, hasArray<LossesResponse>('cells')),
      lossDeals: (query) => call('GET', `/api/v1/analytics/losses/deals${queryOf(query)}`, hasArray<LossDealsResponse>('items')),
      cohorts: (query) => call('GET', `/api/v1/analytics/cohorts${queryOf(query)}`, hasArray<CohortsResponse>('cohorts')),
      tags: (query) => call('GET', `/api/v1/analytics/tags${queryOf(query)}`, hasArray<TagsResponse>('tags')),
      stuck: (query) => call('GET', `/api/v1/analytics/control/stuck${queryOf(query)}`, hasArray<StuckResponse>('items')),
      distantTasks: (query) => call('GET', `/api/v1/analytics/control/distant-tasks${queryOf(query)}`, hasArray<DistantTasksResponse>('items')),
    },
  };
}
