import { listPipelines } from '../../../amo/account';
import type { AmoHttp } from '../../../amo/http';
import type { Pipeline } from '../../../core/domain';
import { useAsync, type Loadable } from '../../ui/use-async';

/** The account's pipelines and stages, read once per mount with the user's own session (one request). */
export function usePipelines(amo: AmoHttp): Loadable<Pipeline[]> {
  const [state] = useAsync(() => listPipelines(amo), [amo]);
  return state;
}
