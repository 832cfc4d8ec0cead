/**
 * The focus area's public face for the rest of the service: the feature instance the service
 * runs (features.ts), and what the distribution engine reads and subscribes to.
 */
import { createFocusFeature } from './feature';

export { createFocusFeature, SWEEP_INTERVAL_MS, type FocusFeature, type FocusFeatureOptions } from './feature';
export { loadAvailability, loadManagerStates } from './availability';
export { AVAILABILITY_CHANGED_JOB, type AvailabilityChanged, type AvailabilityChangeCause } from './runtime';

/** The instance features.ts registers. ALLOW_TEST_CLOCK=1 (e2e only) opens POST /api/v1/_test/tick. */
export const focusFeature = createFocusFeature({ allowTestClock: process.env.ALLOW_TEST_CLOCK === '1' });
