import { useEffect, useState } from 'preact/hooks';
import { useUi } from '../../ui/context';
import type { FocusCalls, PreviewResponse } from '../../service-client';
import type { FocusSection } from './focus-layers';

/** Edits settle before the service (and amoCRM behind it) is asked again. */
const PREVIEW_DEBOUNCE_MS = 600;

type PreviewState =
  | { kind: 'idle' }
  | { kind: 'loading'; last: PreviewResponse | null }
  | { kind: 'ready'; result: PreviewResponse }
  | { kind: 'failed' };

export interface PreviewPanelProps {
  port: Pick<FocusCalls, 'preview'>;
  section: FocusSection;
  /** The draft has client-side errors: the service would refuse it, so do not ask. */
  blocked: boolean;
}

/** How many deals each manager's queue would hold right now with the draft filters. */
export function PreviewPanel({ port, section, blocked }: PreviewPanelProps) {
  const { t } = useUi();
  const [state, setState] = useState<PreviewState>({ kind: 'idle' });
  const draftKey = JSON.stringify(section);
  useEffect(() => {
    if (blocked) return undefined;
    let live = true;
    setState((previous) => ({ kind: 'loading', last: previous.kind === 'ready' ? previous.result : previous.kind === 'loading' ? previous.last : null }));
    const timer = setTimeout(() => {
      port.preview({ focus: section }).then(
        (result) => { if (live) setState({ kind: 'ready', result }); },
        () => { if (live) setState({ kind: 'failed' }); },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => { live = false; clearTimeout(timer); };
    // `section` is read through draftKey: a new object with the same content must not re-ask.
  }, [port, draftKey, blocked]);

  const result = state.kind === 'ready' ? state.result : state.kind === 'loading' ? state.last : null;
  const top = Math.max(1, ...(result?.managers.map((manager) => manager.count) ?? []));
  return (
    <section class="fr-preview" aria-busy={state.kind === 'loading'} data-fr-preview={state.kind}>
      <h3 class="fr-subheading">{t('adminFocus.preview.heading')}</h3>
      {blocked && <p class="fr-muted">{t('adminFocus.preview.blocked')}</p>}
      {state.kind === 'failed' && <p class="fr-field__error" role="alert">{t('adminFocus.preview.failed')}</p>}
      {result && (
        <table class="fr-table">
          <tbody>
            {result.managers.map((manager) => (
              <tr key={manager.userId} data-fr-preview-manager={manager.userId}>
                <th scope="row">{manager.name}</th>
                <td class="fr-bar-cell">
                  <span class="fr-bar" style={{ width: `${(manager.count / top) * 100}%` }} />
                </td>
                <td data-fr-preview-count={manager.userId}>{manager.count}</td>
                <td class="fr-muted">{manager.stagesEmptied ? t('adminFocus.preview.stagesEmptied') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
