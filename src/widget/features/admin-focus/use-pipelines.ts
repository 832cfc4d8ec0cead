import { useEffect, useState } from 'preact/hooks';
import { listPipelines } from '../../../amo/account';
import type { AmoHttp } from '../../../amo/http';
import type { Pipeline } from '../../../core/domain';

export type PipelinesState = { kind: 'loading' } | { kind: 'ready'; pipelines: Pipeline[] } | { kind: 'failed'; error: unknown };

/** The account's pipelines and stages, read once with the user's own session (one request). */
export function usePipelines(amo: AmoHttp): PipelinesState {
  const [state, setState] = useState<PipelinesState>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    listPipelines(amo).then(
      (pipelines) => { if (live) setState({ kind: 'ready', pipelines }); },
      (error: unknown) => { if (live) setState({ kind: 'failed', error }); },
    );
    return () => { live = false; };
  }, [amo]);
  return state;
}
