/**
 * The focus calls of the companion service (POST /api/v1/focus/session/start|heartbeat|advance|stop,
 * GET /api/v1/focus/session), as the widget's service client exposes them. The client is one
 * module owned by the service side; this file only names what the focus model needs from it and
 * tells whether the client at hand has it, so an older client (or none) means "no pause", not a crash.
 */
import type {
  AdvanceOutcomeInput, AdvanceRequest, FocusSessionView, HeartbeatRequest, SessionResponse, StartSessionRequest,
} from '../../../service/focus/api-types';
import type { DealOutcome } from '../../../core/focus';
import type { ServiceClient } from '../../service-client';

export type { FocusSessionView, SessionResponse };

export interface FocusServiceCalls {
  focusSession(): Promise<SessionResponse>;
  startFocus(request: StartSessionRequest): Promise<SessionResponse>;
  focusHeartbeat(request: HeartbeatRequest): Promise<SessionResponse>;
  advanceFocus(request: AdvanceRequest): Promise<SessionResponse>;
  stopFocus(): Promise<SessionResponse>;
}

const CALLS: ReadonlyArray<keyof FocusServiceCalls> = ['focusSession', 'startFocus', 'focusHeartbeat', 'advanceFocus', 'stopFocus'];

export function focusCallsOf(client: ServiceClient | null): FocusServiceCalls | null {
  if (client === null) return null;
  const candidate: object = client;
  return CALLS.every((name) => typeof (candidate as Record<string, unknown>)[name] === 'function')
    ? (candidate as FocusServiceCalls)
    : null;
}

export function toOutcomeInput(outcome: DealOutcome): AdvanceOutcomeInput {
  switch (outcome.kind) {
    case 'worked': return { kind: 'worked', movedStage: outcome.movedStage, taskSet: outcome.taskSet, closed: outcome.closed };
    case 'skipped': return { kind: 'skipped', reason: outcome.reason };
    case 'snoozed': return { kind: 'snoozed', until: outcome.until };
    case 'dropped': return { kind: 'dropped' };
  }
}
