/** The webhook reconciler's table (migration 0420, src/service/reconcile). */
import type { ColumnType } from 'kysely';

export type SubscriptionState = 'ok' | 'missing' | 'disabled' | 'failed';

export interface WebhookReconcileTable {
  account_id: number;
  /** amoCRM time (unix seconds): every lead event up to here has been through the intake. */
  checkpoint: ColumnType<number, number, number>;
  /** What the last check found after acting: `failed` = re-subscribing did not work. */
  subscription: SubscriptionState;
  checked_at: Date;
  /** The last time the subscription was found missing or disabled, or could not be restored. */
  problem: Exclude<SubscriptionState, 'ok'> | null;
  problem_at: Date | null;
  resubscriptions: ColumnType<number, number | undefined, number>;
  /** Events taken from the feed into the intake, in total. */
  caught_up: ColumnType<number, number | undefined, number>;
  last_catch_up_at: Date | null;
  error: string | null;
  updated_at: Date;
}

export interface ReconcileTables {
  webhook_reconcile: WebhookReconcileTable;
}
