/** Decision log entries in words: every candidate and why they were skipped, who got the lead. */
import type { EpochMs } from '../../../core/brand';
import type { CandidateVerdict, SkipReason } from '../../../core/distribution/pool';
import type { Translate } from '../../i18n';
import { formatDateTime, type DateFormatSettings } from '../../ui/format';

function describeSkip(t: Translate, reason: SkipReason, nameOf: (id: number) => string, dates: DateFormatSettings): string {
  const at = (ms: EpochMs): string => formatDateTime(ms, dates);
  switch (reason.code) {
    case 'in_focus': return t('distribution.skip.in_focus');
    case 'self_paused': return reason.until === null ? t('distribution.skip.self_paused') : t('distribution.skip.self_paused_until', { until: at(reason.until) });
    case 'away': return t('distribution.skip.away', { who: nameOf(reason.by), reason: reason.reason });
    case 'outside_hours': return reason.nextStart === null ? t('distribution.skip.outside_hours') : t('distribution.skip.outside_hours_next', { next: at(reason.nextStart) });
    case 'absent': return t('distribution.skip.absent');
    case 'at_cap': return t('distribution.skip.at_cap', { cap: reason.cap, load: reason.load });
    case 'zero_weight': return t('distribution.skip.zero_weight');
    case 'not_participant': return t('distribution.skip.not_participant');
  }
}

export function describeVerdict(t: Translate, verdict: CandidateVerdict, nameOf: (id: number) => string, dates: DateFormatSettings): string {
  if (verdict.status === 'chosen') return t('distribution.verdict.chosen');
  if (verdict.status === 'eligible') return t('distribution.verdict.eligible');
  return describeSkip(t, verdict.reason, nameOf, dates);
}
