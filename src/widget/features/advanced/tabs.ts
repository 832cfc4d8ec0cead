/**
 * The advanced settings page's tabs. A tab without `load` shows its placeholder until a feature
 * fills it (one line here).
 */
import type { MessageKey } from '../../i18n';
import type { Section } from '../sections';

export interface AdvancedTabDef extends Partial<Section> {
  id: 'focus' | 'distribution' | 'refusals' | 'heads' | 'analytics';
  tab: MessageKey;
  heading: MessageKey;
  empty: MessageKey;
}

export const ADVANCED_TABS: readonly AdvancedTabDef[] = [
  {
    id: 'focus', tab: 'advanced.tabs.focus', heading: 'advanced.focus.heading', empty: 'advanced.focus.empty',
    load: () => import(/* webpackChunkName: "admin-focus" */ '../admin-focus/FocusFiltersView').then((m) => m.default),
  },
  {
    id: 'distribution', tab: 'advanced.tabs.distribution', heading: 'advanced.distribution.heading', empty: 'advanced.distribution.empty',
    load: () => import(/* webpackChunkName: "admin-distribution" */ '../admin-distribution/DistributionView').then((m) => m.default),
  },
  {
    id: 'refusals', tab: 'advanced.tabs.refusals', heading: 'advanced.refusals.heading', empty: 'advanced.refusals.empty',
    load: () => import(/* webpackChunkName: "refusals-rules" */ '../refusals/RulesTab').then((m) => m.default),
  },
  {
    id: 'heads', tab: 'advanced.tabs.heads', heading: 'advanced.heads.heading', empty: 'advanced.heads.empty',
    load: () => import(/* webpackChunkName: "team-heads" */ '../team/HeadsView').then((m) => m.default),
  },
  {
    id: 'analytics', tab: 'advanced.tabs.analytics', heading: 'advanced.analytics.heading', empty: 'advanced.analytics.empty',
    load: () => import(/* webpackChunkName: "analytics-advanced" */ '../analytics/AdvancedEntry').then((m) => m.default),
  },
];
