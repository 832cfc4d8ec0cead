/**
 * GET /api/v1/reconcile/status (admins): the state of the account's webhook subscription and the
 * catch-up, for the widget's admin view. Type-only (imported by the widget with `import type`).
 */
export interface ReconcileStatusResponse {
  /** False until the reconciler has run once for the account. */
  known: boolean;
  /** What the last check left: `failed` = the subscription could not be restored. */
  subscription: 'ok' | 'missing' | 'disabled' | 'failed' | null;
  /** True while the subscription is not healthy: show it prominently. */
  alarm: boolean;
  /** Epoch ms of the last check. */
  checkedAt: number | null;
  /** The last time the webhook was found missing or disabled (or could not be restored), and what it was. */
  lastProblem: { kind: 'missing' | 'disabled' | 'failed'; at: number } | null;
  resubscriptions: number;
  /** Events taken from amoCRM's events feed after a gap, in total, and when last. */
  caughtUpEvents: number;
  lastCatchUpAt: number | null;
  /** Unix seconds (amoCRM time) up to which every lead event has been through the intake. */
  checkpoint: number | null;
  error: string | null;
}
