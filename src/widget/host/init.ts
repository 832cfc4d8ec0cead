/**
 * init(): runs after render on every area change (manifest `init_once: false`). The foundation has
 * nothing to prepare beyond what render drew; later issues start the focus-queue refresh here,
 * registering their timers with w.disposables so destroy() stops them.
 */
import { injectStyles } from '../ui/styles';
import type { WidgetInstance } from './instance';

export function init(w: WidgetInstance): boolean {
  // render() may have returned early on a host that skips it for some areas; styles are idempotent.
  injectStyles(w.doc);
  return true;
}
