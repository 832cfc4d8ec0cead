/**
 * One widget instance's world: the host object, its registries and lazily parsed host data.
 * Built per constructor call; nothing here is shared between instances except the DOM.
 */
import type { EpochMs } from '../../core/brand';
import { createLauncherModel, type LauncherModel } from '../features/launcher/LauncherModel';
import { createConnectionModel, type ConnectionModel } from '../features/settings/ConnectionModel';
import type { AppEnv } from '../features/app-env';
import { createTranslator } from '../i18n';
import type { UiEnv } from '../ui/context';
import { isKnownTimeZone } from '../ui/time-zone';
import { resolveArea, type WidgetArea } from './areas';
import { createConnectionProbe } from './connection-probe';
import { Disposables } from './disposables';
import type { ErrorReporter } from './guard';
import { MountRegistry, type MountName } from './mounts';
import {
  findAppGlobal, parseAccountEnv, parseSystem, parseWidgetParams, readCurrentCardId, readWidgetsArea,
} from './parse';
import type { AppGlobal, HostSelf, SystemInfo, WidgetParams } from './types';

/** The page the widget runs in; tests pass jsdom's. */
export interface HostScope {
  readonly window: Window;
  readonly document: Document;
  readonly now?: () => number;
}

export interface WidgetInstance {
  readonly self: HostSelf;
  readonly doc: Document;
  readonly app: AppGlobal | null;
  readonly disposables: Disposables;
  readonly mounts: MountRegistry;
  readonly launcher: LauncherModel;
  readonly connection: ConnectionModel;
  /** Re-read on every call: settings change after onSave without a page load. */
  params(): WidgetParams;
  system(): SystemInfo;
  area(): WidgetArea;
  ui(): UiEnv;
  /** The features' view of the page (../features/app-env.ts): a lazy chunk, built once. */
  appEnv(): Promise<AppEnv>;
  now(): EpochMs;
  /** Logs and shows the error in the named mount, or in the launcher when that one is absent. */
  readonly report: (mount: MountName) => ErrorReporter;
}

const LOG_TAG = '[focus_refusals]';

export function createInstance(self: HostSelf, scope: HostScope): WidgetInstance {
  const app = findAppGlobal(scope.window);
  const now = () => (scope.now ?? Date.now)() as EpochMs;
  let ui: UiEnv | null = null;

  const getUi = (): UiEnv => {
    if (ui) return ui;
    const env = parseAccountEnv(app);
    ui = {
      t: createTranslator(self.langs),
      dates: {
        language: env.language, timeZone: isKnownTimeZone(env.timeZone) ? env.timeZone : 'UTC',
        ...(env.currency === null ? {} : { currency: env.currency }),
      },
    };
    return ui;
  };

  const report = (mount: MountName): ErrorReporter => (where, error) => {
    console.error(`${LOG_TAG} ${where} failed`, error);
    try {
      if (!mounts.showError(mount, error)) mounts.showError('launcher', error, scope.document.body);
    } catch (secondary) {
      console.error(`${LOG_TAG} could not show the error`, secondary);
    }
  };

  let appEnv: Promise<AppEnv> | null = null;
  // Lazy: amoCRM's REST client and the service client stay out of the initial script.js.
  const getAppEnv = (): Promise<AppEnv> =>
    (appEnv ??= import(/* webpackChunkName: "env" */ './app-env').then((m) => m.createAppEnv(instance)));
  const mounts = new MountRegistry(scope.document, getUi, report('launcher'), getAppEnv);
  const disposables = new Disposables(report('launcher'));
  const params = () => parseWidgetParams(self.get_settings());

  const instance: WidgetInstance = {
    self,
    doc: scope.document,
    app,
    disposables,
    mounts,
    launcher: createLauncherModel(),
    connection: createConnectionModel(createConnectionProbe(self), now),
    params,
    system: () => parseSystem(self.system()),
    area: () => resolveArea({
      systemArea: parseSystem(self.system()).area,
      widgetsArea: readWidgetsArea(app),
      currentCardId: readCurrentCardId(app),
      widgetCode: params().widgetCode,
    }),
    ui: getUi,
    appEnv: getAppEnv,
    now,
    report,
  };
  return instance;
}
