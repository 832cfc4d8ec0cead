/**
 * Editing `refusals.adviceTemplates` and `refusals.managerTask`: pure updates, client checks
 * mirroring the service schema (src/service/config/sections/refusals.ts), and a config port that
 * saves only this slice of the document.
 */
import type { AccountConfig, ConfigResponse, SaveConfigResult } from '../../service-client';
import type { ConfigPort, FieldErrors, FieldMessage } from '../settings-kit/config-editor';

export type AdviceTemplateConfig = AccountConfig['refusals']['adviceTemplates'][number];
export type ManagerTaskConfig = AccountConfig['refusals']['managerTask'];

/** Limits of the schema. */
export const TEMPLATE_LIMITS = { count: 100, title: 200, text: 4000, dueHours: 24 * 7 } as const;

/** `tpl-N` with the first N not taken; ids only need to be unique within the list. */
export function newTemplate(existing: readonly AdviceTemplateConfig[]): AdviceTemplateConfig {
  const taken = new Set(existing.map((entry) => entry.id));
  let n = existing.length + 1;
  while (taken.has(`tpl-${n}`)) n += 1;
  return { id: `tpl-${n}`, title: '', text: '' };
}

/** The entry at `index` moved by `by` places (−1 up, +1 down); out of range leaves the list as is. */
export function moved<T>(list: readonly T[], index: number, by: number): T[] {
  const target = index + by;
  const entry = list[index];
  if (entry === undefined || target < 0 || target >= list.length) return [...list];
  const rest = list.filter((_, at) => at !== index);
  return [...rest.slice(0, target), entry, ...rest.slice(target)];
}

function checkText(value: string, max: number, path: string, errors: Map<string, FieldMessage>): void {
  // The schema only requires one character; a blank title or advice would be useless to a head, so blanks count as empty.
  if (value.trim() === '') errors.set(path, { key: 'refusals.templates.errors.required' });
  else if (value.length > max) errors.set(path, { key: 'refusals.templates.errors.tooLong', params: { max } });
}

export function validateAdviceSection(config: AccountConfig): FieldErrors {
  const errors = new Map<string, FieldMessage>();
  const { adviceTemplates, managerTask } = config.refusals;
  adviceTemplates.forEach((entry, index) => {
    checkText(entry.title, TEMPLATE_LIMITS.title, `refusals.adviceTemplates.${index}.title`, errors);
    checkText(entry.text, TEMPLATE_LIMITS.text, `refusals.adviceTemplates.${index}.text`, errors);
  });
  if (adviceTemplates.length > TEMPLATE_LIMITS.count) errors.set('refusals.adviceTemplates', { key: 'refusals.templates.limit', params: { max: TEMPLATE_LIMITS.count } });
  if (!Number.isInteger(managerTask.taskTypeId) || managerTask.taskTypeId <= 0) errors.set('refusals.managerTask.taskTypeId', { key: 'refusals.templates.errors.taskType' });
  const due = managerTask.dueInWorkingHours;
  if (!Number.isFinite(due) || due <= 0 || due > TEMPLATE_LIMITS.dueHours) {
    errors.set('refusals.managerTask.dueInWorkingHours', { key: 'refusals.templates.errors.due', params: { max: TEMPLATE_LIMITS.dueHours } });
  }
  return errors;
}

export interface ConfigSlice<S> {
  pick(config: AccountConfig): S;
  put(config: AccountConfig, slice: S): AccountConfig;
}

export const adviceSlice: ConfigSlice<Pick<AccountConfig['refusals'], 'adviceTemplates' | 'managerTask'>> = {
  pick: (config) => ({ adviceTemplates: config.refusals.adviceTemplates, managerTask: config.refusals.managerTask }),
  put: (config, slice) => ({ ...config, refusals: { ...config.refusals, ...slice } }),
};

/**
 * The Refusals tab holds two editors over one document (rules, and these templates), each with
 * the version it loaded. Saving the whole document from the templates editor would silently
 * revert rules saved a minute ago in the same tab; so this port writes only its slice onto the
 * latest document, and reports a conflict only when someone else changed that same slice since
 * the version the edit started from.
 */
export function slicePort<S>(service: ConfigPort, slice: ConfigSlice<S>): ConfigPort {
  const seen = new Map<number, string>();
  const remember = (response: ConfigResponse): ConfigResponse => {
    seen.set(response.version, JSON.stringify(slice.pick(response.config)));
    return response;
  };
  const save = async (version: number, draft: AccountConfig): Promise<SaveConfigResult> => {
    const latest = remember(await service.getConfig());
    if (latest.version !== version && seen.get(version) !== JSON.stringify(slice.pick(latest.config))) return { kind: 'conflict', current: latest };
    const result = await service.saveConfig(latest.version, slice.put(latest.config, slice.pick(draft)));
    if (result.kind === 'saved') remember(result.config);
    if (result.kind === 'conflict') remember(result.current);
    return result;
  };
  return {
    getConfig: async () => remember(await service.getConfig()),
    // The config editor always hands over a whole parsed draft (AccountConfig); the input type is wider.
    saveConfig: (version, draft) => save(version, draft as AccountConfig),
  };
}
