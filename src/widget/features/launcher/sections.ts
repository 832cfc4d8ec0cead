/** Sections of the launcher panel, in order. Each feature adds its entry here. */
import type { Section } from '../sections';

export interface LauncherSectionProps {
  /** Closes the launcher panel (e.g. after opening a workspace). */
  close(): void;
}

export const LAUNCHER_SECTIONS: ReadonlyArray<Section<LauncherSectionProps>> = [
  { id: 'focus', load: () => import(/* webpackChunkName: "focus-launcher" */ '../focus/FocusLauncherSection').then((m) => m.default) },
  { id: 'availability', load: () => import(/* webpackChunkName: "team-launcher" */ '../team/MyAvailability').then((m) => m.default) },
  { id: 'team', load: () => import(/* webpackChunkName: "team-place" */ '../team/TeamLauncherEntry').then((m) => m.default) },
  { id: 'refusals', load: () => import(/* webpackChunkName: "refusals-launcher" */ '../refusals/LauncherEntry').then((m) => m.default) },
  { id: 'analytics', load: () => import(/* webpackChunkName: "analytics-launcher" */ '../analytics/LauncherEntry').then((m) => m.default) },
];
