/**
 * dpSettings(): the Digital Pipeline action editor. amoCRM renders the form from manifest
 * `dp.settings` itself (the `pool` text field); the distribution issue may add its own UI here.
 */
import type { WidgetInstance } from './instance';

export function dpSettings(_w: WidgetInstance): boolean {
  return true;
}
