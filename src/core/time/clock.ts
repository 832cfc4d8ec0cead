import type { EpochMs } from '../brand';

/**
 * Where "now" comes from in the shells. The core never asks for the time (it takes `now` as an
 * argument); the service builds one Clock in startService and hands it down, the amoCRM client
 * takes one for its rate budget, and tests pass a clock they move by hand.
 */
export interface Clock {
  now(): EpochMs;
}
