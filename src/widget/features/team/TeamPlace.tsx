/**
 * A head's own place (issue 9): their team's availability now — set a manager away with a reason,
 * bring them back — and how leads went to their team: the decision log and leads received per
 * manager. The same views as the admin's Settings tabs; the service scopes every read to the
 * head's groups and refuses changes outside them.
 */
import { useState } from 'preact/hooks';
import type { Role, ServiceClient } from '../../service-client';
import { useUi } from '../../ui/context';
import { useAdminStyles } from '../settings-kit/styles';
import { DistributionReports } from '../admin-distribution/DistributionReports';
import { Dialog } from '../refusals/Dialog';
import { TeamAvailability } from './TeamAvailability';

type Tab = 'availability' | 'distribution';
const TABS: readonly Tab[] = ['availability', 'distribution'];

export interface TeamPlaceProps { service: ServiceClient; role: Role; onClose(): void }

export function TeamPlace({ service, role, onClose }: TeamPlaceProps) {
  const { t } = useUi();
  useAdminStyles();
  const [tab, setTab] = useState<Tab>('availability');
  return (
    <Dialog title={t('team.place.title')} onClose={onClose}>
      <div class="fr-rf-tabs" role="tablist">
        {TABS.map((id) => (
          <button key={id} type="button" role="tab" class="fr-tab" aria-selected={tab === id} data-fr-team-tab={id} onClick={() => setTab(id)}>
            {t(`team.place.tabs.${id}`)}
          </button>
        ))}
      </div>
      <div class="fr-admin fr-team-place" data-fr-team-place={tab}>
        {tab === 'availability'
          ? <TeamAvailability calls={service.focus} role={role} ownGroupsOnly />
          : <DistributionReports calls={service.distribution} />}
      </div>
    </Dialog>
  );
}
