import { useUi } from '../../ui/context';
import type { PauseState } from './session-runner';

/** Whether new leads are held back: a calm banner when they are, a warning when they are NOT. */
export function PauseNotice({ pause, running }: { pause: PauseState; running: boolean }) {
  const { t } = useUi();
  if (pause === 'unknown' || (pause === 'active' && !running)) return null;
  if (pause === 'active') return <p class="fr-banner" role="status" data-fr-pause="active">{t('focus.pause_active')}</p>;
  const text = pause === 'not_configured' ? t('focus.pause_off_not_configured') : t('focus.pause_off_unreachable');
  return <p class="fr-banner fr-banner--warn" role="alert" data-fr-pause="off">{text}</p>;
}
