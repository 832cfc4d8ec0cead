/** Distribution rules: availability, the pool, decisions with their log, held leads, reports. */
export * from './availability';
export * from './pool';
export { decideGuard, decideWithTrigger, deriveSkipReason, type AssignmentResult, type GuardResult } from './decide';
export * from './held';
export * from './report';
