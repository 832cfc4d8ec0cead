import { useUi } from './context';

export function LoadingState() {
  const { t } = useUi();
  return <div class="fr-loading" role="status" aria-live="polite">{t('common.loading')}</div>;
}
