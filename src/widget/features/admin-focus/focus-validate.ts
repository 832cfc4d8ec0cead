/**
 * Client-side checks of the focus section, so a typo is marked at the field before a round trip.
 * The bounds mirror the service's schema (src/service/config/sections/focus.ts); the service
 * stays the judge and its 400 paths land on the same fields.
 */
import type { FieldErrors, FieldMessage } from '../settings-kit/config-editor';
import { validateHours } from '../settings-kit/working-hours-draft';
import type { FilterPatch, FocusSection } from './focus-layers';

interface NumberRule { readonly min: number; readonly max: number; readonly integer: boolean }

const NUMBER_RULES = {
  minDaysInStage: { min: 0, max: 3650, integer: true },
  minValue: { min: 0, max: 1e13, integer: false },
  cooldownHours: { min: 0, max: 24 * 90, integer: false },
  idleTimeoutMinutes: { min: 1, max: 24 * 60, integer: true },
  endOfDayMinute: { min: 0, max: 1439, integer: true },
} as const satisfies Record<string, NumberRule>;

function checkNumber(value: number, rule: NumberRule): FieldMessage | null {
  if (!Number.isFinite(value)) return { key: 'adminFocus.errors.number' };
  if (rule.integer && !Number.isInteger(value)) return { key: 'adminFocus.errors.integer' };
  if (value < rule.min || value > rule.max) return { key: 'adminFocus.errors.range', params: { min: rule.min, max: rule.max } };
  return null;
}

function checkTags(tags: readonly string[]): FieldMessage | null {
  if (tags.some((tag) => tag.trim() === '')) return { key: 'adminFocus.errors.emptyTag' };
  const lower = tags.map((tag) => tag.trim().toLowerCase());
  if (new Set(lower).size !== lower.length) return { key: 'adminFocus.errors.duplicateTag' };
  return null;
}

function validatePatch(patch: FilterPatch): Map<string, FieldMessage> {
  const errors = new Map<string, FieldMessage>();
  for (const [field, rule] of Object.entries(NUMBER_RULES) as Array<[keyof typeof NUMBER_RULES, NumberRule]>) {
    const value = patch[field];
    if (value === undefined || value === null) continue;
    const problem = checkNumber(value, rule);
    if (problem) errors.set(field, problem);
  }
  for (const field of ['tagsIn', 'tagsOut'] as const) {
    const problem = checkTags(patch[field] ?? []);
    if (problem) errors.set(field, problem);
  }
  const tagsOut = new Set((patch.tagsOut ?? []).map((tag) => tag.trim().toLowerCase()));
  const both = (patch.tagsIn ?? []).find((tag) => tagsOut.has(tag.trim().toLowerCase()));
  if (both !== undefined && !errors.has('tagsOut')) errors.set('tagsOut', { key: 'adminFocus.errors.tagInBoth', params: { tag: both } });
  return errors;
}

/** Every problem of the section, by full configuration path. */
export function validateFocusSection(section: FocusSection): FieldErrors {
  const errors = new Map<string, FieldMessage>();
  const add = (prefix: string, patch: FilterPatch): void => {
    for (const [field, message] of validatePatch(patch)) errors.set(`${prefix}.${field}`, message);
  };
  add('focus.defaults', section.defaults);
  section.groups.forEach((entry, index) => add(`focus.groups.${index}.filter`, entry.filter));
  section.managers.forEach((entry, index) => add(`focus.managers.${index}.filter`, entry.filter));
  if (section.schedule !== null) validateHours(section.schedule, 'focus.schedule', errors);
  return errors;
}
