/**
 * The focus area's public face for the rest of the service: the feature instance the service
 * runs (features.ts), and what the distribution engine reads and subscribes to.
 */
import { createFocusFeature } from './feature';

export { createFocusFeature,  type FocusFeature,  } from './feature';
export { loadAvailability,  } from './availability';
;

/** The instance features.ts registers. */
export const focusFeature = createFocusFeature();
