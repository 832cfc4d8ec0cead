/**
 * Feature sections that shared views (launcher panel, advanced settings tabs, lead card block)
 * draw without knowing the features: each section is a lazy component plus who may see it.
 * Registries live next to each shared view (launcher/sections.ts, advanced/tabs.ts,
 * card/sections.ts); a feature adds one entry there.
 */
import type { ComponentType } from 'preact';
import type { AppEnv } from './app-env';

export interface Section<P = object> {
  /** Stable id; also the `data-fr-section` attribute for tests. */
  id: string;
  /** Lazy: a section is a chunk of its own and costs nothing until shown. */
  load: () => Promise<ComponentType<P>>;
  /** Who sees it; default everyone. Roles here only hide UI — the service enforces them. */
  visible?: (env: AppEnv) => boolean;
}
