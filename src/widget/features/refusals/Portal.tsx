/**
 * Renders its children into a fresh element at the end of <body>, with the same UI and AppEnv
 * contexts: the workspace must sit above amoCRM's own layout, not inside the 280 px launcher
 * panel. preact/compat's createPortal would do it too, for several KB more in the chunk.
 */
import { render, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { UiContext } from '../../ui/context';
import { AppEnvContext } from '../app-env';

export function Portal({ children }: { children: ComponentChildren }) {
  const ui = useContext(UiContext);
  const env = useContext(AppEnvContext);
  const [layer] = useState(() => {
    const element = document.createElement('div');
    element.className = 'fr-rf-layer';
    return element;
  });
  useEffect(() => {
    document.body.appendChild(layer);
    return () => {
      render(null, layer);
      layer.remove();
    };
  }, [layer]);
  useEffect(() => {
    render(
      <UiContext.Provider value={ui}><AppEnvContext.Provider value={env}>{children}</AppEnvContext.Provider></UiContext.Provider>,
      layer,
    );
  });
  return null;
}
