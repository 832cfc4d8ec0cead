/**
 * The single doorway from the sandbox to src: documented amoCRM wire types, type-only.
 * The sandbox never imports runtime code from src (a bug shared by both sides would hide).
 */
// Type-only: the lint rule for test/emulator allows nothing else from src.
export type * from '../../src/amo/wire';
