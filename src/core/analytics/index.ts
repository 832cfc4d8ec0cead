/** Sales-head analytics, the pure maths: the public surface the service and the widget import. */
export * from './stage-path';
export * from './funnel';
export * from './losses';
export * from './cohorts';
export * from './manager-metrics';
export * from './control';
export * from './checklist';
export * from './stage-times';
export * from './cohort-table';
export * from './lead-facts';
