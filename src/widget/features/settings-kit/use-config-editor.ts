import { useEffect, useMemo } from 'preact/hooks';
import type { AccountConfig, ServiceClient } from '../../service-client';
import { createConfigEditor, type ConfigEditor, type FieldErrors } from './config-editor';

/** One editor per mounted tab, loaded on mount. */
export function useConfigEditor(service: ServiceClient, validate: (config: AccountConfig) => FieldErrors): ConfigEditor {
  // The editor lives as long as the tab; `validate` is a module-level function in every caller.
  const editor = useMemo(() => createConfigEditor(service, validate), [service, validate]);
  useEffect(() => { void editor.reload(); }, [editor]);
  return editor;
}
