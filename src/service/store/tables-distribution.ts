/**
 * Tables of lead distribution (src/service/distribution). Composed into `Database` by ./schema.ts.
 * Every row belongs to an amoCRM account. jsonb is written as JSON text and read back parsed.
 */
import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<unknown, string, string>;

/** One rotation pointer per pool (pipeline): the row every decision of that pool locks. */
interface DistributionRotationTable {
  account_id: number;
  pipeline_id: number;
  /** core RotationState as JSON. */
  state: Json;
  updated_at: Date;
}

export type PendingTrigger = 'dp' | 'webhook' | 'guard' | 'held';

/** Leads waiting for the next batch (the per-account debounce collects them). */
interface DistributionPendingTable {
  id: Generated<number>;
  account_id: number;
  lead_id: number;
  trigger: PendingTrigger;
  /** The stage the trigger saw the lead enter; the lead must still be there when re-read. */
  expected_status_id: number | null;
  /** When the trigger fired; held leads keep their first arrival so they go out in order. */
  arrived_at: Date;
  /** The batch (job) that took this row, until `claimed_until`; a crashed batch's rows come back. */
  claimed_by: string | null;
  claimed_until: Date | null;
}

export type DecisionKind = 'assigned' | 'held' | 'ignored';

/** The decision log: every candidate, why each was skipped, who got it (or why nothing happened). */
export interface DistributionDecisionsTable {
  id: Generated<number>;
  account_id: number;
  lead_id: number;
  pipeline_id: number | null;
  at: Date;
  trigger: string;
  kind: DecisionKind;
  user_id: number | null;
  /** AssignmentReason for assigned; the ignore code for ignored. */
  why: string | null;
  /** The lead's responsible before the decision. */
  from_user_id: number | null;
  candidates: Json;
  /** Whether the lead had open tasks to move (closest_task_at set when it was read). */
  move_tasks: boolean;
  /** When amoCRM was updated; null = not yet (or nothing to write). */
  applied_at: Date | null;
}

/** Leads nobody could take, handed out in arrival order when someone becomes available. */
interface DistributionHeldTable {
  account_id: number;
  lead_id: number;
  pipeline_id: number;
  arrived_at: Date;
  held_at: Date;
}

export interface DistributionTables {
  distribution_rotation: DistributionRotationTable;
  distribution_pending: DistributionPendingTable;
  distribution_decisions: DistributionDecisionsTable;
  distribution_held: DistributionHeldTable;
}
