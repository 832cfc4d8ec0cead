/**
 * The webpack entry: becomes widget/script.js, the anonymous AMD module amoCRM's RequireJS loads.
 * Its value is the widget constructor — or, in dev mode, the constructor from the dev server.
 */
import { findAmdDefine } from './host/amd';
import { devScriptUrl, readDevPort } from './host/dev-loader';
import { createWidgetConstructor } from './host/widget';

declare const __FR_DEV_SERVER__: boolean;

/**
 * Host modules (jquery, underscore, lib/components/base/modal, ...) the widget needs from the page.
 * None yet: list one here and import it as usual — webpack.config.js maps these names to the
 * page's RequireJS, so they are never bundled.
 */
const HOST_MODULES: string[] = [];

const define = findAmdDefine(globalThis);
// The dev-server build must never hand over again, or it would load itself forever.
const devPort = __FR_DEV_SERVER__ ? null : readDevPort(() => globalThis.localStorage);

if (!define) {
  console.error('[focus_refusals] no AMD define() on this page: script.js must be loaded by RequireJS');
} else if (devPort !== null) {
  define([devScriptUrl(devPort)], (devWidget) => devWidget);
} else {
  define(HOST_MODULES, () => createWidgetConstructor({ window, document }));
}
