/**
 * The focus section as layers an admin edits (account defaults, a group, a manager override):
 * reading and replacing one layer's patch, what a layer inherits from below, and where its
 * fields live in the configuration (for the service's 400 paths). Pure; unit-tested.
 */
import type { GroupId, UserId } from '../../../core/brand';
import { resolveFilterFor, type FocusFilter } from '../../../core/focus/filter';
import type { FilterScope } from '../../../core/focus/filter-warnings';
import { toFocusConfig } from '../../../core/focus/stored-config';
import type { AccountConfig } from '../../service-client';

export type FocusSection = AccountConfig['focus'];
export type FilterPatch = FocusSection['defaults'];
export type PatchField = keyof FilterPatch;

export const scopeKey = (scope: FilterScope): string =>
  scope.kind === 'defaults' ? 'defaults' : scope.kind === 'group' ? `group:${scope.groupId}` : `manager:${scope.managerId}`;

/** `focus.defaults`, `focus.groups.3.filter`, … — null for a layer the section does not hold yet. */
export function scopePath(section: FocusSection, scope: FilterScope): string | null {
  if (scope.kind === 'defaults') return 'focus.defaults';
  if (scope.kind === 'group') {
    const index = section.groups.findIndex((entry) => entry.groupId === scope.groupId);
    return index < 0 ? null : `focus.groups.${index}.filter`;
  }
  const index = section.managers.findIndex((entry) => entry.managerId === scope.managerId);
  return index < 0 ? null : `focus.managers.${index}.filter`;
}

export function patchOf(section: FocusSection, scope: FilterScope): FilterPatch | null {
  if (scope.kind === 'defaults') return section.defaults;
  if (scope.kind === 'group') return section.groups.find((entry) => entry.groupId === scope.groupId)?.filter ?? null;
  return section.managers.find((entry) => entry.managerId === scope.managerId)?.filter ?? null;
}

/** The section with the layer's patch replaced (a group or manager layer is added when missing). */
export function withPatch(section: FocusSection, scope: FilterScope, patch: FilterPatch): FocusSection {
  if (scope.kind === 'defaults') return { ...section, defaults: patch };
  if (scope.kind === 'group') {
    const exists = section.groups.some((entry) => entry.groupId === scope.groupId);
    const groups = exists
      ? section.groups.map((entry) => (entry.groupId === scope.groupId ? { ...entry, filter: patch } : entry))
      : [...section.groups, { groupId: scope.groupId, filter: patch }];
    return { ...section, groups };
  }
  const exists = section.managers.some((entry) => entry.managerId === scope.managerId);
  const managers = exists
    ? section.managers.map((entry) => (entry.managerId === scope.managerId ? { ...entry, filter: patch } : entry))
    : [...section.managers, { managerId: scope.managerId, filter: patch }];
  return { ...section, managers };
}

export function withoutLayer(section: FocusSection, scope: FilterScope): FocusSection {
  if (scope.kind === 'group') return { ...section, groups: section.groups.filter((entry) => entry.groupId !== scope.groupId) };
  if (scope.kind === 'manager') return { ...section, managers: section.managers.filter((entry) => entry.managerId !== scope.managerId) };
  return { ...section, defaults: {} };
}

/** One field set (or, with `undefined`, handed back to the layer below). */
export function withField<K extends PatchField>(patch: FilterPatch, field: K, value: FilterPatch[K] | undefined): FilterPatch {
  const next: FilterPatch = { ...patch };
  if (value === undefined) delete next[field];
  else next[field] = value;
  return next;
}

/**
 * What the layer would get if it set nothing itself: built-in defaults for the account layer,
 * the account defaults for a group, defaults ← the manager's group for a manager.
 */
export function inheritedFilter(section: FocusSection, scope: FilterScope, groupOf: (managerId: UserId) => GroupId | null): FocusFilter {
  const config = toFocusConfig(withoutLayer(section, scope));
  if (scope.kind === 'defaults') return resolveFilterFor(0 as UserId, null, { defaults: {}, groups: [], managers: [] });
  if (scope.kind === 'group') return resolveFilterFor(0 as UserId, null, config);
  return resolveFilterFor(scope.managerId, groupOf(scope.managerId), config);
}
