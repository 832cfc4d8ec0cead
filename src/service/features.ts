/**
 * The product features the service runs, in registration order. Each lives in its own folder
 * (src/service/<feature>/) and plugs in through ./feature.ts.
 */
import type { Feature } from './feature';
import { analyticsFeature } from './analytics/feature';
import { distributionFeature } from './distribution/feature';
import { focusFeature } from './focus';
import { reconcileFeature } from './reconcile/feature';
import { refusalsFeature } from './refusals/feature';

export const FEATURES: readonly Feature[] = [
  focusFeature,
  refusalsFeature,
  distributionFeature,
  analyticsFeature,
  reconcileFeature,
];
