import type { Translate } from '../i18n';

/**
 * Takes `t` as a prop rather than from context: it must render even when the failure is that
 * the context could not be built.
 */
export function ErrorState({ t, error }: { t: Translate; error: unknown }) {
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div class="fr-error" role="alert" data-fr-error="">
      <p class="fr-error__title">{t('common.error_title')}</p>
      <p class="fr-muted">{t('common.error_hint')}</p>
      <p class="fr-muted" data-fr-error-detail="">{detail}</p>
    </div>
  );
}
