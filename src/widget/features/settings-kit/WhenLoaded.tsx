import type { ComponentChildren } from 'preact';
import type { AccountConfig } from '../../service-client';
import { useUi } from '../../ui/context';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import type { ConfigEditor } from './config-editor';

/** A settings editor's view once its configuration is loaded; the loading and failed states before. */
export function WhenLoaded({ editor, children }: { editor: ConfigEditor; children(draft: AccountConfig): ComponentChildren }) {
  const { t } = useUi();
  const load = editor.load.value;
  const draft = editor.draft.value;
  if (load.kind === 'failed') return <ErrorState t={t} error={load.error} />;
  if (load.kind === 'loading' || draft === null) return <LoadingState />;
  return <>{children(draft)}</>;
}
