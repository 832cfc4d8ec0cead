/**
 * The service's only reading of the system time (eslint.config.js forbids `Date.now()` and
 * `new Date()` elsewhere in src/service). startService builds its Clock from this unless a test
 * or the e2e harness passes its own, and every part of the service gets that one clock.
 */
import type { EpochMs } from '../core/brand';
import type { Clock } from '../core/time/clock';

export const systemClock: Clock = { now: () => Date.now() as EpochMs };
