/** One async load per set of inputs, drawn as loading / ready / failed; late answers of old inputs are dropped. */
import { useCallback, useEffect, useState } from 'preact/hooks';

export type Loadable<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'failed'; error: unknown };

export function useAsync<T>(load: () => Promise<T>, inputs: readonly unknown[]): [Loadable<T>, () => void] {
  const [state, setState] = useState<Loadable<T>>({ kind: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    load().then(
      (value) => { if (live) setState({ kind: 'ready', value }); },
      (error: unknown) => { if (live) setState({ kind: 'failed', error }); },
    );
    return () => { live = false; };
    // `load` is recreated every render; the caller's inputs say when it really changed.
  }, [...inputs, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return [state, reload];
}
