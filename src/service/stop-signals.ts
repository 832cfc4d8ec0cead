/**
 * How a process we start answers SIGTERM and SIGINT (`npm run service`, `npm start`): the first
 * signal runs the graceful stop and exits when it is done (0) or failed (1) — or after
 * `hardExitMs` whatever it is still waiting for; a second signal exits at once (the operator, or
 * the deploy tool, asked twice).
 */
import { constants } from 'node:os';

export type StopSignal = 'SIGTERM' | 'SIGINT';

/** The slice of `process` this needs (tests pass a fake). */
export interface SignalTarget {
  on(signal: StopSignal, listener: (signal: StopSignal) => void): unknown;
  exit(code: number): void;
}

export interface StopSignalOptions {
  /** After the first signal, exit with 1 after this long even if the stop has not finished. */
  hardExitMs: number;
  /** Told when a second signal cuts the stop short. */
  onForcedExit?: (signal: StopSignal) => void;
  target?: SignalTarget;
}

const STOP_SIGNALS: readonly StopSignal[] = ['SIGTERM', 'SIGINT'];

/** 128 + signal number: what a shell reports for a process ended by that signal. */
const signalExitCode = (signal: StopSignal): number => 128 + constants.signals[signal];

export function exitOnStopSignals(stop: (signal: StopSignal) => Promise<void>, options: StopSignalOptions): void {
  const target = options.target ?? process;
  let stopping = false;
  const onSignal = (signal: StopSignal): void => {
    if (stopping) {
      options.onForcedExit?.(signal);
      target.exit(signalExitCode(signal));
      return;
    }
    stopping = true;
    setTimeout(() => target.exit(1), options.hardExitMs).unref();
    stop(signal).then(() => target.exit(0), () => target.exit(1));
  };
  for (const signal of STOP_SIGNALS) target.on(signal, onSignal);
}
