/**
 * advancedSettings(): our page under amoCRM Settings (manifest `advanced`), rendered into
 * `#work-area-<widget_code>` (platform reference §1.2.3).
 */
import { injectStyles } from '../ui/styles';
import type { WidgetInstance } from './instance';
import { HostShapeError } from './parse';
import { ADVANCED_VIEW } from './views';

export function advancedSettings(w: WidgetInstance): boolean {
  injectStyles(w.doc);
  const containerId = `work-area-${w.params().widgetCode}`;
  const container = w.doc.getElementById(containerId);
  if (!container) throw new HostShapeError(`#${containerId} is not on the advanced settings page`);
  w.mounts.mount({ name: 'advanced', parent: container, view: ADVANCED_VIEW, props: {} });
  return true;
}
