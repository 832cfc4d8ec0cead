import { useUi } from '../../ui/context';
import { useAppEnv } from '../app-env';
import type { ConfigEditor } from '../settings-kit/config-editor';
import { SaveBar } from '../settings-kit/SaveBar';
import { headsOf, withHead } from './heads-draft';

/** Who heads which group (config `heads`): they review the group's refusals and manage its availability. */
export function HeadsEditor({ editor, readOnly }: { editor: ConfigEditor; readOnly: boolean }) {
  const { t } = useUi();
  const env = useAppEnv();
  const draft = editor.draft.value;
  if (draft === null) return null;
  const heads = draft.heads;
  const known = new Set<number>(env.groups.map((group) => group.id));
  const groups = [...env.groups, ...heads.filter((entry) => !known.has(entry.groupId)).map((entry) => ({ id: entry.groupId, name: t('team.unknownGroup', { id: entry.groupId }) }))];
  const people = env.managers.filter((user) => user.isActive);
  const warningsAt = (index: number) => editor.warnings.value.filter((warning) => warning.path.startsWith(`heads.${index}.`));
  return (
    <section class="fr-heads" data-fr-heads="">
      {groups.map((group) => {
        const index = heads.findIndex((entry) => entry.groupId === group.id);
        const chosen = headsOf(heads, group.id);
        const departed = chosen.filter((id) => !people.some((user) => user.id === id));
        return (
          <fieldset key={group.id} class="fr-stages__pipeline" data-fr-heads-group={group.id}>
            <legend>{group.name}</legend>
            {!known.has(group.id) && <p class="fr-warning">{t('team.groupGone')}</p>}
            {index >= 0 && warningsAt(index).map((warning) => (
              <p key={warning.path} class="fr-warning" data-fr-warning={warning.code}>{t(`team.warnings.${warning.code}`)}</p>
            ))}
            {people.map((user) => (
              <label key={user.id} class="fr-check">
                <input type="checkbox" disabled={readOnly} checked={chosen.includes(user.id)} data-fr-head={`${group.id}:${user.id}`}
                  onChange={(e) => { const on = e.currentTarget.checked; editor.edit((config) => ({ ...config, heads: withHead(config.heads, group.id, user.id, on) })); }} />
                {user.name}
              </label>
            ))}
            {departed.map((id) => (
              <label key={id} class="fr-check fr-warning">
                <input type="checkbox" disabled={readOnly} checked
                  onChange={() => editor.edit((config) => ({ ...config, heads: withHead(config.heads, group.id, id, false) }))} />
                {t('team.departedHead', { id })}
              </label>
            ))}
          </fieldset>
        );
      })}
      {!readOnly && <SaveBar editor={editor} />}
    </section>
  );
}
