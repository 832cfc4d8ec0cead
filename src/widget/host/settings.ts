/**
 * settings($modalBody): the install/settings modal. amoCRM draws our `text` field itself and gives
 * the `custom` field an empty `#<widget_code>_custom_content` box (platform reference §1.2.2): our
 * connection panel goes there.
 */
import { injectStyles } from '../ui/styles';
import type { WidgetInstance } from './instance';
import { HostShapeError, toElement } from './parse';
import { SETTINGS_VIEW } from './views';

export function settings(w: WidgetInstance, $modalBody: unknown): boolean {
  injectStyles(w.doc);
  const params = w.params();
  const containerId = `${params.widgetCode}_custom_content`;
  const body = toElement($modalBody);
  const container = body?.querySelector(`[id="${containerId}"]`) ?? w.doc.getElementById(containerId);
  if (!container) throw new HostShapeError(`#${containerId} is not in the settings modal`);
  w.mounts.mount({
    name: 'settings',
    parent: container,
    identity: params.settings.serviceUrl ?? '',
    view: SETTINGS_VIEW,
    props: { serviceUrl: params.settings.serviceUrl, connection: w.connection },
  });
  return true;
}
