/** What every view needs from its surroundings: strings and how to show dates. Provided once per mount. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translate } from '../i18n';
import type { DateFormatSettings } from './format';

export interface UiEnv {
  t: Translate;
  dates: DateFormatSettings;
}

export const UiContext = createContext<UiEnv | null>(null);

export function useUi(): UiEnv {
  const env = useContext(UiContext);
  if (!env) throw new Error('useUi() outside a widget mount: wrap the view in <UiContext.Provider>');
  return env;
}
