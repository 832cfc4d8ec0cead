/**
 * A button that opens the analytics workspace over the page. The workspace is its own chunk
 * ("analytics"), fetched on the first click: the launcher line costs a few hundred bytes.
 */
import type { ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { Portal } from '../refusals/Portal';
import type { AnalyticsApi } from './api';
import type { WorkspaceProps } from './Workspace';

const loadWorkspace = () => import(/* webpackChunkName: "analytics" */ './Workspace').then((m) => m.default);

export interface OpenerProps {
  api: AnalyticsApi;
  label: string;
  class: string;
  style?: Record<string, string>;
  onOpen?(): void;
}

export function Opener({ api, label, class: className, style, onOpen }: OpenerProps) {
  const { t } = useUi();
  const [View, setView] = useState<ComponentType<WorkspaceProps> | null>(null);
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<'idle' | 'loading' | 'failed'>('idle');
  const show = () => {
    if (View !== null) { setOpen(true); onOpen?.(); return; }
    setState('loading');
    loadWorkspace().then((loaded) => {
      setView(() => loaded);
      setState('idle');
      setOpen(true);
      onOpen?.();
    }, () => setState('failed'));
  };
  return (
    <>
      <button type="button" class={className} style={style} data-fr-open-analytics="" disabled={state === 'loading'} onClick={show}>
        {state === 'loading' ? t('common.loading') : label}
      </button>
      {state === 'failed' && <p class="fr-muted" role="alert">{t('analytics.errors.network')}</p>}
      {open && View !== null && (
        <Portal>
          <View api={api} onClose={() => setOpen(false)} />
        </Portal>
      )}
    </>
  );
}
