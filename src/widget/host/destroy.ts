/**
 * destroy(): leaving an area or disabling the widget. Removes every mount and stops every listener
 * and timer this instance started; the next render() starts from a clean page.
 */
import type { WidgetInstance } from './instance';

export function destroy(w: WidgetInstance): void {
  w.launcher.close();
  w.mounts.drain();
  w.disposables.drain();
}
