/**
 * Distribution shapes (PRODUCT.md "Distribution"): who may receive a pipeline's new leads, how
 * one is chosen, and the decision log every choice produces. All values are plain JSON so the
 * service can store them as they are.
 */
import type { EpochMs, LeadId, PipelineId, UserId } from '../brand';
import type { Availability } from './availability';

export type DistributionMode = 'round_robin' | 'least_loaded' | 'weighted';

export interface Participant {
  readonly userId: UserId;
  /** Share in weighted mode (2 gets twice the leads of 1); 0 = receives nothing there. */
  readonly weight: number;
  /** Most open deals this manager may hold (the `loads` passed in); null = no cap. */
  readonly cap: number | null;
}

type WhenNobodyAvailable =
  | { readonly kind: 'on_duty'; readonly userId: UserId }
  | { readonly kind: 'hold' };

export interface DistributionPool {
  readonly pipelineId: PipelineId;
  readonly mode: DistributionMode;
  /** In rotation order. */
  readonly participants: readonly Participant[];
  /** Give the lead to its contact's responsible when that manager can take it. */
  readonly stickyOwner: boolean;
  readonly whenNobodyAvailable: WhenNobodyAvailable;
  /** Reassign leads that something else gave to a manager in focus. */
  readonly guard: boolean;
}

export interface IncomingLead {
  readonly id: LeadId;
  readonly pipelineId: PipelineId;
  /** When the trigger saw it; held leads are handed out in this order. */
  readonly arrivedAt: EpochMs;
  /** The main contact's responsible, when the lead has a contact (sticky owner). */
  readonly contactOwnerId: UserId | null;
  /** Who amoCRM (or another tool) made responsible; what guard mode checks. */
  readonly responsibleUserId: UserId | null;
}

/**
 * The rotation pointer, stored by the service and replaced in the same transaction as the
 * assignment, so concurrent triggers serialise on it. `lastIndex` keeps the place when the last
 * receiver leaves the pool; `weighted` holds smooth-weighted-round-robin current weights by user id.
 */
export interface RotationState {
  readonly lastUserId: UserId | null;
  readonly lastIndex: number;
  readonly weighted: Readonly<Record<string, number>>;
}

export const INITIAL_ROTATION: RotationState = { lastUserId: null, lastIndex: -1, weighted: {} };

export type SkipReason =
  | { readonly code: 'in_focus' }
  | { readonly code: 'self_paused'; readonly until: EpochMs | null }
  | { readonly code: 'away'; readonly by: UserId; readonly reason: string; readonly until: EpochMs | null }
  | { readonly code: 'outside_hours'; readonly nextStart: EpochMs | null }
  | { readonly code: 'absent' }
  | { readonly code: 'at_cap'; readonly cap: number; readonly load: number }
  | { readonly code: 'zero_weight' }
  | { readonly code: 'not_participant' };

export type CandidateVerdict =
  | { readonly userId: UserId; readonly status: 'chosen' }
  | { readonly userId: UserId; readonly status: 'eligible' }
  | { readonly userId: UserId; readonly status: 'skipped'; readonly reason: SkipReason };

export type AssignmentReason = 'sticky_owner' | 'round_robin' | 'least_loaded' | 'weighted' | 'on_duty';
export type DecisionTrigger = 'new_lead' | 'guard' | 'held_handout';

export type AssignmentDecision =
  | {
    readonly kind: 'assigned'; readonly leadId: LeadId; readonly pipelineId: PipelineId; readonly at: EpochMs;
    readonly trigger: DecisionTrigger; readonly userId: UserId; readonly why: AssignmentReason;
    readonly candidates: readonly CandidateVerdict[];
  }
  | {
    readonly kind: 'held'; readonly leadId: LeadId; readonly pipelineId: PipelineId; readonly at: EpochMs;
    readonly trigger: DecisionTrigger; readonly candidates: readonly CandidateVerdict[];
  };

/** Open deals per manager (in the stages the admin counts); a missing manager counts as 0. */
export type Loads = ReadonlyMap<UserId, number>;
export type AvailabilityMap = ReadonlyMap<UserId, Availability>;
