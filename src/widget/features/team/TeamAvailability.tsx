import { useEffect, useState } from 'preact/hooks';
import type { GroupId } from '../../../core/brand';
import type { AvailabilityResponse, FocusCalls, ManagerAvailability, Role } from '../../service-client';
import { useUi } from '../../ui/context';
import { useAppEnv } from '../app-env';
import { describeAvailability, stateLabelKey } from './availability-text';
import { SetAwayForm } from './SetAwayForm';

type Calls = Pick<FocusCalls, 'getAvailability' | 'setAway'>;
type State = { kind: 'loading' } | { kind: 'ready'; managers: ManagerAvailability[] } | { kind: 'failed' };

/** Whom the viewer may set away; the service checks the same rule (POST /availability/:id). */
function canManage(role: Role | null, groupId: GroupId | null): boolean {
  if (role === null) return false;
  if (role.kind === 'admin') return true;
  return role.kind === 'head' && groupId !== null && role.groupIds.includes(groupId);
}

/** Everyone's state now; heads set their group's managers away with a reason and bring them back. */
export interface TeamAvailabilityProps {
  calls: Calls;
  role: Role | null;
  /** Only the viewer's own team (the head's Team place); default everyone (the Heads tab). */
  ownGroupsOnly?: boolean;
}

export function TeamAvailability({ calls, role, ownGroupsOnly = false }: TeamAvailabilityProps) {
  const env = useAppEnv();
  const { t, dates } = useUi();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [failedFor, setFailedFor] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    calls.getAvailability().then(
      (response) => { if (live) setState({ kind: 'ready', managers: response.managers }); },
      () => { if (live) setState({ kind: 'failed' }); },
    );
    return () => { live = false; };
  }, [calls]);

  const merge = (response: AvailabilityResponse): void => setState((previous) => {
    if (previous.kind !== 'ready') return previous;
    const changed = new Map(response.managers.map((entry) => [entry.userId, entry]));
    return { kind: 'ready', managers: previous.managers.map((entry) => changed.get(entry.userId) ?? entry) };
  });
  const setAway = async (userId: number, away: { reason: string } | null): Promise<void> => {
    setFailedFor(null);
    try {
      merge(await calls.setAway(userId, { away }));
    } catch {
      setFailedFor(userId);
    }
  };

  if (state.kind === 'loading') return <p class="fr-loading" role="status">{t('common.loading')}</p>;
  if (state.kind === 'failed') return <p class="fr-error" role="alert">{t('team.failed')}</p>;
  const groupOf = (userId: number) => env.managers.find((user) => user.id === userId)?.groupId ?? null;
  const inScope = (userId: number): boolean => !ownGroupsOnly || role?.kind === 'admin' || canManage(role, groupOf(userId));
  const shown = state.managers.filter((entry) => inScope(entry.userId)
    && (entry.availability.kind !== 'absent' || canManage(role, groupOf(entry.userId))));
  return (
    <section class="fr-team" data-fr-team="">
      <h3 class="fr-subheading">{t('team.heading')}</h3>
      <table class="fr-table">
        <tbody>
          {shown.map((entry) => (
            <tr key={entry.userId} data-fr-team-member={entry.userId}>
              <th scope="row">{entry.name}</th>
              <td><span class={`fr-state fr-state--${entry.availability.kind}`}>{t(stateLabelKey(entry.availability))}</span></td>
              <td data-fr-team-detail="">{describeAvailability(t, entry.availability, entry.setByName, dates)}</td>
              <td>
                {canManage(role, groupOf(entry.userId)) && (entry.availability.kind === 'away'
                  ? <button type="button" class="fr-button" onClick={() => void setAway(entry.userId, null)} data-fr-action="bring-back">{t('team.bringBack')}</button>
                  : entry.availability.kind !== 'absent' && <SetAwayForm name={entry.name} onSubmit={(reason) => setAway(entry.userId, { reason })} />)}
                {failedFor === entry.userId && <p class="fr-field__error" role="alert">{t('team.setFailed')}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
