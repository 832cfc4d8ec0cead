/**
 * Distribution API shapes shared with the widget. Types only: the widget imports this file with
 * `import type`, so nothing here reaches the bundle.
 */
import type { EpochMs } from '../core/brand';
import type { AssignmentReason, CandidateVerdict, DecisionTrigger } from '../core/distribution/pool';
import type { ConfigWarning } from './config';

/** Why a trigger led to no decision (the lead was gone, closed, elsewhere, or already handled). */
export type IgnoreReason = 'lead_not_found' | 'lead_closed' | 'no_pool' | 'trigger_off' | 'not_in_stage' | 'not_dp_stage' | 'already_distributed' | 'returned_by_head';

interface EntryBase {
  id: number;
  leadId: number;
  pipelineId: number | null;
  /** ISO 8601. */
  at: string;
  trigger: DecisionTrigger;
  /** The lead's responsible before the decision. */
  fromUserId: number | null;
}

export type DecisionLogEntry =
  | (EntryBase & { kind: 'assigned'; userId: number; why: AssignmentReason; candidates: CandidateVerdict[]; appliedAt: string | null })
  | (EntryBase & { kind: 'held'; candidates: CandidateVerdict[] })
  | (EntryBase & { kind: 'ignored'; reason: IgnoreReason });

/**
 * A distribution report period: epoch milliseconds, [from, to), at most 93 days (the service also
 * takes ISO 8601). Its own brand, so refusals' Unix-second periods cannot be passed in its place.
 */
export interface DistributionPeriod { from: EpochMs; to: EpochMs }

/** GET /api/v1/distribution/log?leadId= | ?from=&to= (a DistributionPeriod) */
export interface DecisionLogResponse { entries: DecisionLogEntry[]; truncated: boolean }

export interface ReceivedRow {
  userId: number;
  total: number;
  byReason: Record<AssignmentReason, number>;
  /** Of the total, leads taken from a manager in focus by guard mode. */
  fromGuard: number;
}

/** GET /api/v1/distribution/received?from=&to= — leads received per manager in [from, to). */
export interface ReceivedResponse { from: string; to: string; managers: ReceivedRow[]; held: number }

/** GET /api/v1/distribution/warnings (admins): stale references in the saved pools, with field paths. */
export interface DistributionWarningsResponse {
  warnings: Array<{ path: string; code: ConfigWarning['code'] | 'unknown_pipeline' | 'unknown_status'; message: string }>;
}
