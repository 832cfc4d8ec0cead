/** One sentence per availability state, the same wording in the team view and the launcher. */
import type { EpochMs } from '../../../core/brand';
import type { Availability } from '../../service-client';
import type { Translate } from '../../i18n';
import { formatDateTime, type DateFormatSettings } from '../../ui/format';

export function describeAvailability(t: Translate, availability: Availability, setByName: string | null, dates: DateFormatSettings): string {
  const at = (ms: EpochMs): string => formatDateTime(ms, dates);
  switch (availability.kind) {
    case 'available': return t('team.state.available');
    case 'focus': return t('team.state.focus', { since: at(availability.since) });
    case 'self_paused': return availability.until === null ? t('team.state.self_paused') : t('team.state.self_paused_until', { until: at(availability.until) });
    case 'away': {
      const who = setByName ?? t('team.someone');
      const text = t('team.state.away', { who, reason: availability.reason });
      return availability.until === null ? text : `${text} ${t('team.until', { until: at(availability.until) })}`;
    }
    case 'outside_hours': return availability.nextStart === null ? t('team.state.outside_hours') : t('team.state.outside_hours_next', { next: at(availability.nextStart) });
    case 'absent': return t('team.state.absent');
  }
}

/** A short label for the state chip. */
export const stateLabelKey = (availability: Availability) => `team.chip.${availability.kind}` as const;
