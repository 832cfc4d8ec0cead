import type { GroupId, UserId } from '../../../core/brand';
import type { FilterScope } from '../../../core/focus/filter-warnings';
import { useUi } from '../../ui/context';
import { useAppEnv } from '../app-env';
import { scopeKey, type FocusSection } from './focus-layers';

export interface LayerListProps {
  section: FocusSection;
  selected: FilterScope;
  /** Layer keys (scopeKey) with warnings / with errors. */
  warned: ReadonlySet<string>;
  invalid: ReadonlySet<string>;
  readOnly: boolean;
  onSelect(scope: FilterScope): void;
}

/** Account defaults, every group, and the managers with an override of their own. */
export function LayerList({ section, selected, warned, invalid, readOnly, onSelect }: LayerListProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const nameOf = (id: number): string => env.managers.find((user) => user.id === id)?.name ?? t('adminFocus.unknownUser', { id });
  const knownGroups = new Set<number>(env.groups.map((group) => group.id));
  const groups: Array<{ id: GroupId; name: string }> = [
    ...env.groups,
    ...section.groups.filter((entry) => !knownGroups.has(entry.groupId)).map((entry) => ({ id: entry.groupId as GroupId, name: t('adminFocus.unknownGroup', { id: entry.groupId }) })),
  ];
  const overridden = new Set<number>(section.managers.map((entry) => entry.managerId));
  const addable = env.managers.filter((user) => user.isActive && !overridden.has(user.id));

  const item = (scope: FilterScope, label: string, hint: string | null) => {
    const key = scopeKey(scope);
    return (
      <li key={key}>
        <button type="button" class="fr-layer" aria-current={key === scopeKey(selected)} data-fr-layer={key} onClick={() => onSelect(scope)}>
          <span>{label}</span>
          {hint && <span class="fr-muted"> · {hint}</span>}
          {invalid.has(key) && <span class="fr-layer__mark fr-layer__mark--error" title={t('adminFocus.layerInvalid')}>!</span>}
          {warned.has(key) && <span class="fr-layer__mark" title={t('adminFocus.layerWarned')} data-fr-layer-warning={key}>⚠</span>}
        </button>
      </li>
    );
  };
  return (
    <nav class="fr-layers" aria-label={t('adminFocus.layers')}>
      <ul>
        {item({ kind: 'defaults' }, t('adminFocus.defaults'), null)}
        {groups.map((group) => item({ kind: 'group', groupId: group.id }, group.name,
          section.groups.some((entry) => entry.groupId === group.id) ? null : t('adminFocus.noOwnFilter')))}
      </ul>
      <h4 class="fr-muted">{t('adminFocus.overrides')}</h4>
      <ul>
        {section.managers.map((entry) => item({ kind: 'manager', managerId: entry.managerId as UserId }, nameOf(entry.managerId), null))}
      </ul>
      {!readOnly && addable.length > 0 && (
        <select class="fr-input" aria-label={t('adminFocus.addOverride')} value="" data-fr-add-override=""
          onChange={(e) => { const id = Number(e.currentTarget.value); if (id > 0) onSelect({ kind: 'manager', managerId: id as UserId }); }}>
          {/* The list is narrow: a short «+ manager…» fits where «Add a manager override…» was clipped. */}
          <option value="">{t('adminFocus.addOverrideShort')}</option>
          {addable.map((user) => <option key={user.id} value={user.id}>{user.name}</option>)}
        </select>
      )}
    </nav>
  );
}
