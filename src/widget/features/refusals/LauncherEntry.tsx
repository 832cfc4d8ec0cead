/**
 * The launcher panel's refusal line for heads and admins: "N reviews pending", opening the
 * workspace. Managers see nothing here (the service decides who is a head; GET /api/v1/me).
 */
import { useState } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { useAppEnv } from '../app-env';
import type { LauncherSectionProps } from '../launcher/sections';
import { refusalsApiOf } from './api';
import { describeError } from './format';
import { canReview, loadRole } from './people';
import { Portal } from './Portal';
import { useAsync } from '../../ui/use-async';
import { Workspace } from './Workspace';

export default function LauncherEntry(_props: LauncherSectionProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const api = refusalsApiOf(env.service);
  const [open, setOpen] = useState(false);
  const [state, reload] = useAsync(async () => {
    if (api === null || !canReview(await loadRole(env))) return null;
    return api.undecidedCounts();
  }, [env, api]);
  if (api === null || state.kind === 'loading') return null;
  if (state.kind === 'failed') return <p class="fr-muted" role="status">{describeError(t, state.error)}</p>;
  const counts = state.value;
  if (counts === null) return null;
  return (
    <div class="fr-rf" data-fr-refusals-launcher="">
      <button type="button" class="fr-launcher__button" style={{ borderRadius: '4px', width: '100%' }} data-fr-open-workspace={counts.pending}
        onClick={() => setOpen(true)}>
        {t('refusals.launcher.pending', { count: counts.pending })}
      </button>
      {open && (
        <Portal>
          <Workspace api={api} onClose={() => { setOpen(false); reload(); }} />
        </Portal>
      )}
    </div>
  );
}
