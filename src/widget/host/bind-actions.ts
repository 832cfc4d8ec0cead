/**
 * bind_actions(): page-level events. Escape anywhere closes the launcher panel. Bound once per
 * instance even though the host calls bind_actions on every area change.
 */
import type { WidgetInstance } from './instance';

export function bindActions(w: WidgetInstance): boolean {
  w.disposables.ensure('launcher-escape', () =>
    w.disposables.listen(w.doc, 'keydown', (event) => {
      if (event.key === 'Escape') w.launcher.close();
    }));
  return true;
}
