/**
 * The widget constructor amoCRM instantiates. It must be a plain function, not a class: the host
 * mixes its helpers into `this` and calls the function (platform reference §2.1). Every callback
 * goes through guard(): nothing we do may throw into amoCRM's page.
 */
import { advancedSettings } from './advanced-settings';
import { bindActions } from './bind-actions';
import { destroy } from './destroy';
import { dpSettings } from './dp-settings';
import { guard } from './guard';
import { init } from './init';
import { createInstance, type HostScope, type WidgetInstance } from './instance';
import type { MountName } from './mounts';
import { onSave } from './on-save';
import { applyPublicPath } from './public-path';
import { render } from './render';
import { settings } from './settings';
import type { HostSelf, WidgetCallbacks } from './types';

export type WidgetConstructor = (this: HostSelf) => HostSelf;

export function createWidgetConstructor(scope: HostScope): WidgetConstructor {
  return function FocusRefusalsWidget(this: HostSelf): HostSelf {
    this.callbacks = createCallbacks(this, scope);
    return this;
  };
}

/** The instance is built on the first callback, inside the guard, so even that cannot throw out. */
function createCallbacks(self: HostSelf, scope: HostScope): WidgetCallbacks {
  let instance: WidgetInstance | null = null;
  const get = (): WidgetInstance => {
    instance ??= createInstance(self, scope);
    applyPublicPath(instance.params().path);
    return instance;
  };
  const report = (mount: MountName) => (where: string, error: unknown) => {
    if (instance) instance.report(mount)(where, error);
    else console.error(`[focus_refusals] ${where} failed`, error);
  };
  return {
    render: guard('render', () => render(get()), true, report('launcher')),
    init: guard('init', () => init(get()), true, report('launcher')),
    bind_actions: guard('bind_actions', () => bindActions(get()), true, report('launcher')),
    settings: guard('settings', ($body: unknown) => settings(get(), $body), true, report('settings')),
    onSave: guard('onSave', (event: unknown) => onSave(get(), event), true, report('settings')),
    destroy: guard('destroy', () => destroy(get()), undefined, report('launcher')),
    advancedSettings: guard('advancedSettings', () => advancedSettings(get()), true, report('advanced')),
    dpSettings: guard('dpSettings', () => dpSettings(get()), true, report('launcher')),
  };
}
