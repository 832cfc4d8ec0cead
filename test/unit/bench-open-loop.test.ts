import { expect, it } from 'vitest';
import { dueAt, requestsDue } from '../bench/open-loop';

it('sends each request at the moment its latency is counted from', () => {
  // At 50/s request k is due at 20·k ms: the first at once, the second at 20 ms.
  expect(requestsDue(0, 50)).toBe(1);
  expect(requestsDue(19.9, 50)).toBe(1);
  expect(requestsDue(20, 50)).toBe(2);
  for (let index = 0; index < 100; index += 1) {
    const sentBy = requestsDue(dueAt(0, index, 50), 50);
    expect(sentBy).toBeGreaterThan(index);
  }
});

it('stops at the total', () => {
  expect(requestsDue(10_000, 1_200, 12_000)).toBe(12_000);
  expect(requestsDue(60_000, 1_200, 12_000)).toBe(12_000);
});
