/**
 * A day typed as the page's language writes it ("23.11.2026" on a Russian page). Not
 * `<input type="date">`: Chromium draws that in the BROWSER's locale (mm/dd/yyyy on an English
 * system) whatever language the amoCRM account speaks. The value in and out is `yyyy-MM-dd`
 * ('' while empty or not a day yet).
 */
import { useEffect, useState } from 'preact/hooks';
import { useUi } from './context';
import { DAY_PATTERN, formatIsoDay, parseDay } from './format';

export interface DayFieldProps {
  value: string;
  onChange(iso: string): void;
  label?: string;
  class?: string;
  required?: boolean;
  invalid?: boolean;
  disabled?: boolean;
  [data: `data-${string}`]: string | undefined;
}

export function DayField({ value, onChange, label, class: className, required, invalid, disabled, ...data }: DayFieldProps) {
  const { t, dates } = useUi();
  const [text, setText] = useState(() => formatIsoDay(value, dates.language));
  // A new value from outside (another preset, a reset) replaces what is typed, unless it is the same day.
  useEffect(() => {
    if (parseDay(text, dates.language) !== value) setText(formatIsoDay(value, dates.language));
  }, [value, dates.language]);
  return (
    <input
      {...data}
      class={className ?? 'fr-input'}
      type="text"
      inputMode="numeric"
      size={DAY_PATTERN[dates.language].length + 1}
      value={text}
      placeholder={t('common.dayPlaceholder')}
      aria-label={label}
      aria-invalid={invalid || (text.trim() !== '' && parseDay(text, dates.language) === null)}
      required={required}
      disabled={disabled}
      onInput={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        onChange(parseDay(next, dates.language) ?? '');
      }}
    />
  );
}
