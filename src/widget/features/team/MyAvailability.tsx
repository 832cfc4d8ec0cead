import { useEffect, useState } from 'preact/hooks';
import type { FocusCalls, ManagerAvailability } from '../../service-client';
import { useUi } from '../../ui/context';
import { useAppEnv } from '../app-env';
import { describeAvailability } from './availability-text';

type State = { kind: 'loading' } | { kind: 'ready'; me: ManagerAvailability | null } | { kind: 'failed' };

/**
 * The manager's own state in the launcher panel: "I'm paused / resume", and when a head set
 * them away, who and why — nobody should wonder why leads stopped coming.
 */
export default function MyAvailability() {
  const env = useAppEnv();
  if (env.service === null) return null;
  return <MyAvailabilityFor calls={env.service.focus} />;
}

function MyAvailabilityFor({ calls }: { calls: Pick<FocusCalls, 'getAvailability' | 'setSelfPause'> }) {
  const env = useAppEnv();
  const { t, dates } = useUi();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const own = (managers: readonly ManagerAvailability[]) => managers.find((entry) => entry.userId === env.user.id) ?? null;
  useEffect(() => {
    let live = true;
    calls.getAvailability().then(
      (response) => { if (live) setState({ kind: 'ready', me: own(response.managers) }); },
      () => { if (live) setState({ kind: 'failed' }); },
    );
    return () => { live = false; };
    // Loaded once per panel opening; `own` only reads the user id.
  }, [calls]);

  const setPaused = async (paused: boolean): Promise<void> => {
    setBusy(true);
    try {
      setState({ kind: 'ready', me: own((await calls.setSelfPause({ paused })).managers) });
    } catch {
      setState({ kind: 'failed' });
    } finally {
      setBusy(false);
    }
  };

  if (state.kind === 'loading') return null;
  if (state.kind === 'failed') return <p class="fr-muted" role="alert" data-fr-my-availability="failed">{t('team.my.failed')}</p>;
  const me = state.me;
  if (me === null) return null;
  const { availability } = me;
  return (
    <div class="fr-my-availability" data-fr-my-availability={availability.kind}>
      <p class={availability.kind === 'away' ? 'fr-error' : 'fr-muted'}>{describeAvailability(t, availability, me.setByName, dates)}</p>
      {availability.kind === 'self_paused' && (
        <button type="button" class="fr-launcher__button" disabled={busy} onClick={() => void setPaused(false)} data-fr-action="resume">{t('team.my.resume')}</button>
      )}
      {(availability.kind === 'available' || availability.kind === 'outside_hours') && (
        <button type="button" class="fr-launcher__button" disabled={busy} onClick={() => void setPaused(true)} data-fr-action="pause">{t('team.my.pause')}</button>
      )}
    </div>
  );
}
