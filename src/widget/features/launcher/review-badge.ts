/**
 * The launcher badge's second number: refusal reviews waiting for a head or admin. Read once per
 * launcher mount (one request after the cached /api/v1/me) and again whenever this tab decides a
 * review, so the badge drops as soon as the head confirms or returns one. Its own lazy chunk.
 */
import type { Signal } from '@preact/signals';
import type { AppEnv } from '../app-env';
import { refusalsApiOf } from '../refusals/api';
import { canReview, loadRole } from '../refusals/people';

/** Starts keeping `pending` current; the returned function stops listening. */
export function watchReviewBadge(env: AppEnv, pending: Signal<number | null>): () => void {
  const api = refusalsApiOf(env.service);
  if (api === null) return () => undefined;
  let stopped = false;
  const refresh = async (): Promise<void> => {
    try {
      if (!canReview(await loadRole(env))) return;
      const counts = await api.undecidedCounts();
      if (!stopped) pending.value = counts.pending;
    } catch {
      // The badge keeps its last number; the refusal line in the panel says what failed.
    }
  };
  const unsubscribe = env.service?.refusals.onDecided?.(() => { void refresh(); }) ?? (() => undefined);
  void refresh();
  return () => {
    stopped = true;
    unsubscribe();
  };
}
