/**
 * Lazy views are real dynamic imports that vitest transforms on first use; on a loaded 2-core CI
 * machine that can take longer than Testing Library's default 1 s for `findBy…`/`waitFor`, which
 * made tests of lazy views flaky without anything being wrong. A failing wait still fails — later.
 */
import { configure } from '@testing-library/preact';

configure({ asyncUtilTimeout: 5_000 });
