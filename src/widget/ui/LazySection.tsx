import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useUi } from './context';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';

/** Loads a lazy component and shows it; loading and failure look like every other view's. */
export function LazySection<P extends object>({ id, load, props }: { id: string; load: () => Promise<ComponentType<P>>; props: P }) {
  const { t } = useUi();
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'ready'; View: ComponentType<P> } | { kind: 'failed'; error: unknown }>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    load().then(
      (View) => { if (live) setState({ kind: 'ready', View }); },
      (error: unknown) => { if (live) setState({ kind: 'failed', error }); },
    );
    return () => { live = false; };
  }, [load]);
  return (
    <div data-fr-section={id}>
      {state.kind === 'ready' ? <state.View {...props} /> : state.kind === 'failed' ? <ErrorState t={t} error={state.error} /> : <LoadingState />}
    </div>
  );
}
