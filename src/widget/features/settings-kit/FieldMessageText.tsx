import { useUi } from '../../ui/context';
import type { FieldMessage } from './config-editor';

/** A field-level message: ours translated, the service's shown as it came. */
export function FieldMessageText({ message, field }: { message: FieldMessage | undefined; field: string }) {
  const { t } = useUi();
  if (message === undefined) return null;
  const text = 'key' in message ? t(message.key, message.params) : message.text;
  return <p class="fr-field__error" role="alert" data-fr-field-error={field}>{text}</p>;
}
