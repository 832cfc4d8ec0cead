/**
 * Which view each mount shows. Everything but the launcher is a lazy chunk, loaded from
 * self.params.path (see ./public-path.ts) the first time it is needed. These are constants so a
 * repeated mount sees the same source and does not reload it.
 */
import type { AdvancedPageProps } from '../features/advanced/AdvancedPage';
import type { CardBlockProps } from '../features/card/CardBlock';
import type { SettingsPanelProps } from '../features/settings/SettingsPanel';
import type { LauncherModel } from '../features/launcher/LauncherModel';
import type { ViewSource } from './mounts';

export const LAUNCHER_VIEW: ViewSource<{ model: LauncherModel }> = {
  load: () => import(/* webpackChunkName: "launcher" */ '../features/launcher/Launcher').then((m) => m.Launcher),
};

export const CARD_VIEW: ViewSource<CardBlockProps> = {
  load: () => import(/* webpackChunkName: "card" */ '../features/card/CardBlock').then((m) => m.default),
};

export const SETTINGS_VIEW: ViewSource<SettingsPanelProps> = {
  load: () => import(/* webpackChunkName: "settings" */ '../features/settings/SettingsPanel').then((m) => m.default),
};

export const ADVANCED_VIEW: ViewSource<AdvancedPageProps> = {
  load: () => import(/* webpackChunkName: "advanced" */ '../features/advanced/AdvancedPage').then((m) => m.default),
};
