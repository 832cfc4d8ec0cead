/**
 * One editing session over the account configuration, shared by the settings tabs (focus,
 * distribution, heads). Each tab edits its own section of a draft and saves the whole document
 * with the version it started from: the service answers 409 when someone else saved meanwhile,
 * and the admin chooses — take theirs (reload) or keep mine (overwrite) — instead of silently
 * losing either side's work.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { AccountConfig, ConfigResponse, ConfigWarning, ServiceClient } from '../../service-client';
import type { MessageKey, MessageParams } from '../../i18n';

/** A message next to a field: ours (translated) or the service's text as it came. */
export type FieldMessage = { readonly key: MessageKey; readonly params?: MessageParams } | { readonly text: string };

/** Config path (`focus.groups.0.filter.minValue`) → what is wrong there. */
export type FieldErrors = ReadonlyMap<string, FieldMessage>;

type LoadState = { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; error: unknown };

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'conflict'; current: ConfigResponse }
  | { kind: 'invalid' }
  | { kind: 'failed'; error: unknown };

export interface ConfigEditor {
  readonly load: ReadonlySignal<LoadState>;
  /** null until loaded. */
  readonly draft: ReadonlySignal<AccountConfig | null>;
  readonly warnings: ReadonlySignal<readonly ConfigWarning[]>;
  readonly dirty: ReadonlySignal<boolean>;
  readonly saveState: ReadonlySignal<SaveState>;
  /** Client checks of the draft plus the service's last 400, by path. */
  readonly errors: ReadonlySignal<FieldErrors>;
  reload(): Promise<void>;
  edit(change: (config: AccountConfig) => AccountConfig): void;
  discard(): void;
  save(): Promise<void>;
  /** After a conflict: save my draft over what the other person saved. */
  overwrite(): Promise<void>;
}

export type ConfigPort = Pick<ServiceClient, 'getConfig' | 'saveConfig'>;

/** `validate` returns client-side problems of the draft; any of them blocks saving. */
export function createConfigEditor(service: ConfigPort, validate: (config: AccountConfig) => FieldErrors): ConfigEditor {
  const load = signal<LoadState>({ kind: 'loading' });
  const base = signal<ConfigResponse | null>(null);
  const draft = signal<AccountConfig | null>(null);
  const saveState = signal<SaveState>({ kind: 'idle' });
  const serverErrors = signal<FieldErrors>(new Map());
  // Plain JSON documents: structural equality by serialisation is exact and cheap at this size.
  const dirty = computed(() => draft.value !== null && base.value !== null && JSON.stringify(draft.value) !== JSON.stringify(base.value.config));
  const clientErrors = computed<FieldErrors>(() => (draft.value === null ? new Map() : validate(draft.value)));
  const errors = computed<FieldErrors>(() => new Map([...serverErrors.value, ...clientErrors.value]));
  const warnings = computed(() => base.value?.warnings ?? []);

  const adopt = (response: ConfigResponse): void => {
    base.value = response;
    draft.value = response.config;
    serverErrors.value = new Map();
  };

  const reload = async (): Promise<void> => {
    load.value = { kind: 'loading' };
    try {
      adopt(await service.getConfig());
      saveState.value = { kind: 'idle' };
      load.value = { kind: 'ready' };
    } catch (error) {
      load.value = { kind: 'failed', error };
    }
  };

  const saveOn = async (version: number): Promise<void> => {
    const config = draft.value;
    if (config === null || saveState.value.kind === 'saving') return;
    if (clientErrors.value.size > 0) {
      saveState.value = { kind: 'invalid' };
      return;
    }
    saveState.value = { kind: 'saving' };
    try {
      const result = await service.saveConfig(version, config);
      if (result.kind === 'saved') {
        adopt(result.config);
        saveState.value = { kind: 'saved' };
      } else if (result.kind === 'conflict') {
        saveState.value = { kind: 'conflict', current: result.current };
      } else {
        serverErrors.value = new Map(result.errors.map((issue) => [issue.path, { text: issue.message }]));
        saveState.value = { kind: 'invalid' };
      }
    } catch (error) {
      saveState.value = { kind: 'failed', error };
    }
  };

  return {
    load, draft, warnings, dirty, saveState, errors, reload,
    edit(change) {
      if (draft.value === null) return;
      draft.value = change(draft.value);
      // A field the admin touched may be fixed now; the service re-checks on the next save.
      serverErrors.value = new Map();
      if (saveState.value.kind !== 'saving' && saveState.value.kind !== 'conflict') saveState.value = { kind: 'idle' };
    },
    discard() {
      if (base.value) adopt(base.value);
      saveState.value = { kind: 'idle' };
    },
    save: () => saveOn(base.value?.version ?? 0),
    async overwrite() {
      const state = saveState.value;
      if (state.kind !== 'conflict') return;
      base.value = { ...state.current, config: state.current.config };
      saveState.value = { kind: 'idle' };
      await saveOn(state.current.version);
    },
  };
}

/** Messages at `prefix` and below, keyed by the rest of the path (`minValue`, `stages.0.statusId`). */
export function errorsUnder(errors: FieldErrors, prefix: string): Map<string, FieldMessage> {
  const found = new Map<string, FieldMessage>();
  for (const [path, message] of errors) {
    if (path === prefix) found.set('', message);
    else if (path.startsWith(`${prefix}.`)) found.set(path.slice(prefix.length + 1), message);
  }
  return found;
}
