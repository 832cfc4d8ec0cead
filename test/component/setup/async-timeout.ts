/**
 * Lazy views are real dynamic imports that vitest transforms on first use; on a loaded 2-core CI
 * machine that can take longer than Testing Library's default 1 s for `findBy…`/`waitFor`, which
 * made tests of lazy views flaky without anything being wrong. A failing wait still fails — later;
 * the component project gives each test 20 s (vitest.config.ts) so a test has room for several waits.
 */
import { configure } from '@testing-library/preact';
import { afterAll } from 'vitest';

configure({ asyncUtilTimeout: 5_000 });

// Preact schedules effects with requestAnimationFrame plus a 35 ms setTimeout fallback; a timer
// still pending when vitest tears the jsdom environment down calls `cancelAnimationFrame` on a
// global that is gone — an uncaught ReferenceError that fails the whole run. Let them fire first.
afterAll(() => new Promise<void>((settled) => { setTimeout(settled, 100); }));
