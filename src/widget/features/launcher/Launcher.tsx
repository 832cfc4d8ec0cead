import { useContext } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { LazySection } from '../../ui/LazySection';
import { AppEnvContext } from '../app-env';
import type { LauncherModel } from './LauncherModel';
import { LAUNCHER_SECTIONS } from './sections';

const PLACEHOLDER = '–';

/** The small floating entry point shown on every amoCRM page (location `everywhere`). */
export function Launcher({ model }: { model: LauncherModel }) {
  const { t } = useUi();
  // Absent only in isolated tests; the host always provides it with the lazy view.
  const env = useContext(AppEnvContext);
  const count = model.readyCount.value;
  const shown = count === null ? PLACEHOLDER : String(count);
  const open = model.isOpen.value;
  return (
    <div class="fr-launcher" onKeyDown={(e) => { if (e.key === 'Escape') model.close(); }}>
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
      </button>
    </div>
  );
}
