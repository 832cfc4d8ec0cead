import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exitOnStopSignals, type SignalTarget, type StopSignal } from '../../src/service/stop-signals';

function fakeProcess(): SignalTarget & { send(signal: StopSignal): void; exits: number[] } {
  const events = new EventEmitter();
  const exits: number[] = [];
  return {
    exits,
    on: (signal, listener) => events.on(signal, listener),
    exit: (code) => { exits.push(code); },
    send: (signal) => { events.emit(signal, signal); },
  };
}

describe('exitOnStopSignals', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('runs the graceful stop once on the first signal and exits 0 when it finished', async () => {
    const target = fakeProcess();
    const stop = vi.fn(async () => {});
    exitOnStopSignals(stop, { hardExitMs: 15_000, target });
    target.send('SIGTERM');
    await vi.advanceTimersByTimeAsync(0);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(stop).toHaveBeenCalledWith('SIGTERM');
    expect(target.exits).toEqual([0]);
  });

  it('exits 1 when the graceful stop fails', async () => {
    const target = fakeProcess();
    exitOnStopSignals(async () => { throw new Error('store would not close'); }, { hardExitMs: 15_000, target });
    target.send('SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    expect(target.exits).toEqual([1]);
  });

  it('exits at once on a second signal while the stop is still running', async () => {
    const target = fakeProcess();
    const forced: StopSignal[] = [];
    exitOnStopSignals(() => new Promise(() => {}), { hardExitMs: 15_000, target, onForcedExit: (s) => forced.push(s) });
    target.send('SIGTERM');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(target.exits).toEqual([]);
    target.send('SIGTERM');
    expect(target.exits).toEqual([143]);
    expect(forced).toEqual(['SIGTERM']);
  });

  it('exits 1 after the hard deadline when the stop never finishes', async () => {
    const target = fakeProcess();
    exitOnStopSignals(() => new Promise(() => {}), { hardExitMs: 15_000, target });
    target.send('SIGINT');
    await vi.advanceTimersByTimeAsync(14_999);
    expect(target.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(target.exits).toEqual([1]);
  });
});
