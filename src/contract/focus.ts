/**
 * Request/response types of the focus and availability API. Type-only: the widget's service
 * client imports them with `import type`, so nothing here may have a runtime value.
 * Times are epoch milliseconds (numbers) on the wire.
 */
import type { EpochMs, LeadId, UserId } from '../core/brand';
import type { Availability } from '../core/distribution/availability';
import type { FilterWarning } from '../core/focus/filter-warnings';
import type { SessionEndReason, SessionStats, SessionSummary } from '../core/focus/session';
import type { FocusFilterPatchInput, FocusSection } from './config';

export type { Availability, FilterWarning, FocusFilterPatchInput, FocusSection, SessionEndReason, SessionStats, SessionSummary };

export interface StartSessionRequest {
  /** A random id per browser tab; every live tab keeps the session alive. */
  tabId: string;
  /** The deals the widget built the queue from (manager's own REST v4 read), in order. */
  queue: number[];
}

export interface HeartbeatRequest { tabId: string }

export type AdvanceOutcomeInput =
  | { kind: 'worked'; movedStage?: boolean; taskSet?: boolean; closed?: boolean }
  | { kind: 'skipped'; reason: string }
  | { kind: 'snoozed'; until: number }
  | { kind: 'dropped' };

export interface AdvanceRequest { dealId: number; outcome: AdvanceOutcomeInput }

/** The session as the widget sees it. */
export type FocusSessionView =
  | {
    kind: 'active';
    id: string;
    startedAt: EpochMs;
    queue: LeadId[];
    position: number;
    currentDealId: LeadId | null;
    lastHeartbeatAt: EpochMs;
    idleTimeoutMs: number;
    /** When the running session ends by itself at end of day, if configured. */
    endOfDayAt: EpochMs | null;
    summary: SessionSummary;
  }
  | {
    kind: 'ended';
    id: string;
    startedAt: EpochMs;
    endedAt: EpochMs;
    reason: SessionEndReason;
    summary: SessionSummary;
  };

export interface SessionResponse {
  /** null: the manager never ran a session. */
  session: FocusSessionView | null;
  /** Deals still snoozed by this manager (leave them out of the queue). */
  snoozed: Array<{ dealId: LeadId; until: EpochMs }>;
  /** What the service counts for this manager right now (the distribution pause). */
  availability: Availability;
}

export interface ManagerAvailability {
  userId: UserId;
  name: string;
  availability: Availability;
  /** For `away`, the head's name, so the manager sees who set it. */
  setByName: string | null;
}

export interface AvailabilityResponse { at: EpochMs; managers: ManagerAvailability[] }

export interface SelfPauseRequest { paused: boolean; until?: number | null }

export interface SetAwayRequest { away: { reason: string; until?: number | null } | null }

export interface ExternalKeyView { id: string; label: string; prefix: string; createdAt: EpochMs; revokedAt: EpochMs | null }

export interface CreateExternalKeyRequest { label: string }

/** The only answer that ever carries the key itself. */
export interface CreateExternalKeyResponse extends ExternalKeyView { key: string }

export interface ExternalKeysResponse { keys: ExternalKeyView[] }

export interface PreviewRequest {
  /** A draft of the focus section to preview (unsaved edits); default: the saved one. */
  focus?: FocusSection;
  /** Only these managers (default: every active user). */
  managerIds?: number[];
}

export interface PreviewManagerCount {
  userId: UserId;
  name: string;
  count: number;
  /** Deals fetched for the manager that the filter left out, by reason code. */
  excluded: Record<string, number>;
  /** Every stage of the manager's filter was deleted or closed: nothing is queried. */
  stagesEmptied: boolean;
}

export interface PreviewResponse {
  at: EpochMs;
  managers: PreviewManagerCount[];
  warnings: FilterWarning[];
  /** amoCRM requests the preview made. */
  requests: number;
}
