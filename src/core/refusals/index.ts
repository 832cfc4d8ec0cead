/** Refusal control, the pure rules: the public surface the service and the widget import. */
export * from './rule';
export * from './loss-event';
export * from './sampling';
export * from './task-text';
export * from './validate-rule';
export * from './match-rules';
export * from './review';
export * from './review-errors';
export * from './review-decisions';
export * from './review-lifecycle';
export * from './review-task';
export * from './return-plan';
export * from './outcomes';
export * from './result';
