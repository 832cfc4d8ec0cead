import { useState } from 'preact/hooks';
import { useUi } from '../../ui/context';

export interface TagChipsProps {
  field: string;
  value: readonly string[];
  onChange(tags: string[]): void;
  readOnly: boolean;
}

/** Tags as removable chips; Enter or a comma adds what was typed. */
export function TagChips({ field, value, onChange, readOnly }: TagChipsProps) {
  const { t } = useUi();
  const [text, setText] = useState('');
  const add = (): void => {
    const tags = text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '');
    if (tags.length > 0) onChange([...value, ...tags]);
    setText('');
  };
  return (
    <div class="fr-chips" data-fr-tags={field}>
      {value.map((tag, index) => (
        <span key={`${tag}-${index}`} class="fr-chip">
          {tag}
          {!readOnly && (
            <button type="button" class="fr-chip__remove" aria-label={t('adminFocus.removeTag', { tag })}
              onClick={() => onChange(value.filter((_, at) => at !== index))}>×</button>
          )}
        </span>
      ))}
      {!readOnly && (
        <input class="fr-input fr-chips__input" value={text} placeholder={t('adminFocus.addTag')} aria-label={t('adminFocus.addTag')}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ',') { e.preventDefault(); add(); } }}
          onBlur={add} />
      )}
    </div>
  );
}
