import type { Pipeline } from '../../../core/domain';
import { useAsync, type Loadable } from '../../ui/use-async';
import type { AppEnv } from '../app-env';
import { loadPipelines } from '../shared-reads';

/** The account's pipelines and stages, shared with the other views of this widget (shared-reads.ts). */
export function usePipelines(env: AppEnv): Loadable<Pipeline[]> {
  const [state] = useAsync(() => loadPipelines(env), [env]);
  return state;
}
