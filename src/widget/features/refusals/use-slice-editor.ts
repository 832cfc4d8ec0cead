import { useEffect, useMemo } from 'preact/hooks';
import type { ServiceClient } from '../../service-client';
import { createConfigEditor, type ConfigEditor, type FieldErrors } from '../settings-kit/config-editor';
import type { AccountConfig } from '../../service-client';
import { slicePort, type ConfigSlice } from './advice-templates';

/**
 * A config editor over one slice of the refusals settings (templates, working hours), loaded on
 * mount and handed to the tab's one Save through `register` (RulesTab).
 */
export function useSliceEditor<S>(
  service: ServiceClient, slice: ConfigSlice<S>, validate: (config: AccountConfig) => FieldErrors, register?: (editor: ConfigEditor) => void,
): ConfigEditor {
  // `slice` and `validate` are module-level constants in every caller.
  const editor = useMemo(() => createConfigEditor(slicePort(service, slice), validate), [service, slice, validate]);
  useEffect(() => { void editor.reload(); }, [editor]);
  useEffect(() => { register?.(editor); }, [editor, register]);
  return editor;
}
