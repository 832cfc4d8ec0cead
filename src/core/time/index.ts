/** Working hours and time zones: the public surface other parts import. */
export * from './zone';
export * from './schedule';
export * from './validate';
export * from './account-zone';
