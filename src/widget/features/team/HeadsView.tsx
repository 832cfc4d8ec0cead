import { AdminTab } from '../settings-kit/AdminTab';
import { useEffect, useState } from 'preact/hooks';
import type { Role, ServiceClient } from '../../service-client';
import { useUi } from '../../ui/context';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { useAppEnv } from '../app-env';
import { loadMe } from '../shared-reads';
import { useConfigEditor } from '../settings-kit/use-config-editor';
import { HeadsEditor } from './HeadsEditor';
import { TeamAvailability } from './TeamAvailability';

// Every change here is a checkbox over known users: nothing the client could check beyond the service.
const NO_CHECKS = () => new Map();

/** The Heads tab: who heads which group, and the team's availability now. */
export default function HeadsView() {
  const { t } = useUi();
  return <AdminTab noService={t('team.noService')}>{(service) => <Heads service={service} />}</AdminTab>;
}

function Heads({ service }: { service: ServiceClient }) {
  const { t } = useUi();
  const env = useAppEnv();
  const editor = useConfigEditor(service, NO_CHECKS);
  const [role, setRole] = useState<Role | null>(null);
  useEffect(() => {
    let live = true;
    // Without a role nobody gets the away buttons; the service would refuse them anyway.
    loadMe(env).then((me) => { if (live) setRole(me.role); }, () => undefined);
    return () => { live = false; };
  }, [env]);
  const load = editor.load.value;
  return (
    <div class="fr-admin" data-fr-admin="heads">
      {load.kind === 'failed' ? <ErrorState t={t} error={load.error} /> : load.kind === 'loading' ? <LoadingState /> : <HeadsEditor editor={editor} readOnly={!env.user.isAdmin} />}
      <TeamAvailability calls={service.focus} role={role} />
    </div>
  );
}
