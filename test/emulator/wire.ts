/**
 * The single doorway from the sandbox to src: documented amoCRM wire types, type-only.
 * The sandbox never imports runtime code from src (a bug shared by both sides would hide).
 */
// eslint-disable-next-line no-restricted-imports -- type-only; the base rule's `!**/src/amo/wire` exception does not match relative `../../` specifiers, and the typescript-eslint rule (allowTypeImports) still guards runtime imports.
export type * from '../../src/amo/wire';
