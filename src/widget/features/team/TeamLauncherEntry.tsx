/**
 * The launcher panel's «Команда» line for heads (and admins): opens the Team place. Managers see
 * nothing; the role comes from the service (GET /api/v1/me), which also scopes every read.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../../service-client';
import { useUi } from '../../ui/context';
import { useAppEnv } from '../app-env';
import type { LauncherSectionProps } from '../launcher/sections';
import { Portal } from '../refusals/Portal';
import { loadMe } from '../shared-reads';
import { TeamPlace } from './TeamPlace';

export default function TeamLauncherEntry({ close }: LauncherSectionProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const [role, setRole] = useState<Role | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let live = true;
    if (env.service !== null) loadMe(env).then((me) => { if (live) setRole(me.role); }, () => undefined);
    return () => { live = false; };
  }, [env]);
  if (env.service === null || role === null || role.kind === 'manager') return null;
  const service = env.service;
  return (
    <div class="fr-rf" data-fr-team-launcher="">
      <button type="button" class="fr-launcher__button" style={{ borderRadius: '4px', width: '100%' }} data-fr-open-team="" onClick={() => setOpen(true)}>
        {t('team.place.open')}
      </button>
      {open && (
        <Portal>
          <TeamPlace service={service} role={role} onClose={() => { setOpen(false); close(); }} />
        </Portal>
      )}
    </div>
  );
}
