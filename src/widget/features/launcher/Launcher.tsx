import { useContext, useEffect } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { LazySection } from '../../ui/LazySection';
import { AppEnvContext, type AppEnv } from '../app-env';
import { FocusModelContext } from '../focus/focus-context';
import type { FocusModel } from '../focus/FocusModel';
import type { LauncherModel } from './LauncherModel';
import { LAUNCHER_SECTIONS } from './sections';

const PLACEHOLDER = '–';
/** Reviews waiting: amoCRM's red "needs you" count, apart from the amber focus count. */
const REVIEWS_BADGE = { marginLeft: '4px', background: '#e0443a', color: '#fff' };

const loadFocusPanel = () => import(/* webpackChunkName: "focus-panel" */ '../focus/FocusPanel').then((m) => m.default);

/**
 * The focus model is created once per widget instance (kept on the LauncherModel) from its own
 * chunk; every later mount — each area switch re-renders the launcher — only refreshes the counts,
 * which the model serves from a short cache.
 */
async function ensureFocus(model: LauncherModel, env: AppEnv): Promise<void> {
  if (!model.focus.value) {
    const { startFocusModel } = await import(/* webpackChunkName: "focus-model" */ '../focus/start-model');
    model.focus.value ??= startFocusModel(env, model.readyCount);
  }
  await model.focus.value.refreshCounts();
}

/** The small floating entry point shown on every amoCRM page (location `everywhere`). */
export function Launcher({ model }: { model: LauncherModel }) {
  const { t } = useUi();
  // Absent only in isolated tests; the host always provides it with the lazy view.
  const env = useContext(AppEnvContext);
  useEffect(() => {
    // Errors surface inside the focus section (counts: failed); the badge keeps its placeholder.
    if (env) ensureFocus(model, env).catch(() => undefined);
  }, [model, env]);
  useEffect(() => {
    if (!env || env.service === null) return undefined;
    let stop: (() => void) | null = null;
    let unmounted = false;
    import(/* webpackChunkName: "review-badge" */ './review-badge').then(
      ({ watchReviewBadge }) => { if (!unmounted) stop = watchReviewBadge(env, model.reviewsPending); },
      () => undefined,
    );
    return () => { unmounted = true; stop?.(); };
  }, [model, env]);
  const reviews = model.reviewsPending.value;
  const focus: FocusModel | null = model.focus.value;
  const count = model.readyCount.value;
  const shown = count === null ? PLACEHOLDER : String(count);
  const open = model.isOpen.value;
  const sessionShown = focus !== null && focus.session.value.kind !== 'none';
  return (
    <FocusModelContext.Provider value={focus}>
      <div class="fr-launcher" onKeyDown={(e) => { if (e.key === 'Escape') model.close(); }}>
        {sessionShown && <LazySection id="focus-panel" load={loadFocusPanel} props={{ model: focus }} />}
        {open && (
          <section class="fr-panel" id="fr-launcher-panel" aria-label={t('widget.name')}>
            <h2 class="fr-heading">{t('widget.name')}</h2>
            <p data-fr-ready-count={shown}>{t('launcher.ready', { count: shown })}</p>
            {env && LAUNCHER_SECTIONS.filter((s) => s.visible === undefined || s.visible(env)).map((s) => (
              <LazySection key={s.id} id={s.id} load={s.load} props={{ close: model.close }} />
            ))}
          </section>
        )}
        <button
          type="button"
          class="fr-launcher__button"
          aria-expanded={open}
          aria-controls="fr-launcher-panel"
          title={t('launcher.open')}
          onClick={model.toggle}
        >
          <span>{t('launcher.title')}</span>
          <span class="fr-badge" data-fr-badge="">{shown}</span>
          {reviews !== null && reviews > 0 && (
            <span class="fr-badge" style={REVIEWS_BADGE} data-fr-badge-reviews="" title={t('launcher.reviews_badge', { count: reviews })}>{reviews}</span>
          )}
        </button>
      </div>
    </FocusModelContext.Provider>
  );
}
