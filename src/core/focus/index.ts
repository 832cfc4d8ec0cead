/** Focus rules: filters, the queue, rechecks, the session value and snooze presets. */
export * from './filter';
export * from './filter-warnings';
export * from './eligibility';
export * from './queue';
export * from './work';
export * from './session';
export * from './snooze';
