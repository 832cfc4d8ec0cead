/**
 * onSave(event): the admin pressed Save/Install — or disabled the widget (active 'N'), which also
 * lands here, just before destroy (platform reference §2.2). We normalise the service address in
 * `event.fields` (mutating it is how amoCRM lets a widget change what is stored) and check the
 * connection against the new value before the save goes ahead.
 */
import type { WidgetInstance } from './instance';
import { parseSaveEvent } from './parse';
import { isRecord } from '../../core/is-record';

/** Trimmed, without trailing slashes, so paths like `${serviceUrl}/api/v1` never get a `//`. */
export function normaliseServiceUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\/+$/, '');
  return trimmed === '' ? null : trimmed;
}

/**
 * An address where no service answers is not saved (a promise of false stops amoCRM's save, §2.2):
 * otherwise managers would get queues without the admin's filter and the modal would say «Сохранено».
 * The settings panel shows why. An empty address is allowed: it turns the service off.
 */
export function onSave(w: WidgetInstance, rawEvent: unknown): boolean | Promise<boolean> {
  const event = parseSaveEvent(rawEvent);
  if (!event.active) return true;
  const serviceUrl = normaliseServiceUrl(event.fields.service_url);
  if (isRecord(rawEvent) && isRecord(rawEvent.fields) && serviceUrl !== null) rawEvent.fields.service_url = serviceUrl;
  if (serviceUrl === null) {
    void w.connection.check(null);
    return true;
  }
  return w.connection.check(serviceUrl, { forSave: true }).then((state) => state.kind === 'connected');
}
