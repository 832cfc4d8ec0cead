/**
 * onSave(event): the admin pressed Save/Install — or disabled the widget (active 'N'), which also
 * lands here, just before destroy (platform reference §2.2). We normalise the service address in
 * `event.fields` (mutating it is how amoCRM lets a widget change what is stored) and re-check the
 * connection against the new value.
 */
import type { WidgetInstance } from './instance';
import { isRecord, parseSaveEvent } from './parse';

/** Trimmed, without trailing slashes, so paths like `${serviceUrl}/api/v1` never get a `//`. */
export function normaliseServiceUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\/+$/, '');
  return trimmed === '' ? null : trimmed;
}

export function onSave(w: WidgetInstance, rawEvent: unknown): boolean {
  const event = parseSaveEvent(rawEvent);
  if (!event.active) return true;
  const serviceUrl = normaliseServiceUrl(event.fields.service_url);
  if (isRecord(rawEvent) && isRecord(rawEvent.fields) && serviceUrl !== null) rawEvent.fields.service_url = serviceUrl;
  void w.connection.check(serviceUrl);
  return true;
}
