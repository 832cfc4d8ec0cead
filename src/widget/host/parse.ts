/**
 * Parsers for what amoCRM hands the widget. Lenient where the platform is known to vary (ids as
 * strings or numbers, 'Y'/'N' vs booleans), strict where we cannot work without a value.
 */
import type { AccountEnv, AppGlobal, InstallStatus, SaveEvent, SystemInfo, WidgetParams } from './types';
import { isRecord } from '../../core/is-record';

export class HostShapeError extends Error {
  override name = 'HostShapeError';
}

function optionalString(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function requiredString(record: Record<string, unknown>, key: string, what: string): string {
  const value = optionalString(record[key]);
  if (value === null) throw new HostShapeError(`${what}.${key} is missing`);
  return value;
}

function optionalInteger(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

/** 'Y' | 'N' | true | false | 1 | 0 — the host uses all of them. */
function flag(value: unknown): boolean {
  return value === true || value === 'Y' || value === 'y' || value === 1 || value === '1';
}

const INSTALL_STATUSES: readonly InstallStatus[] = ['install', 'installed', 'not_configured'];

function installStatus(value: unknown): InstallStatus {
  return INSTALL_STATUSES.find((s) => s === value) ?? 'unknown';
}

/** self.get_settings() / self.params: the archive's base path, our code, and our settings fields. */
export function parseWidgetParams(raw: unknown): WidgetParams {
  if (!isRecord(raw)) throw new HostShapeError('widget settings are not an object');
  return {
    widgetCode: requiredString(raw, 'widget_code', 'settings'),
    path: requiredString(raw, 'path', 'settings').replace(/\/+$/, ''),
    version: optionalString(raw.version) ?? '0.0.0',
    active: flag(raw.active),
    status: installStatus(raw.status),
    settings: {
      serviceUrl: optionalString(raw.service_url)?.trim().replace(/\/+$/, '') ?? null,
      connection: optionalString(raw.connection),
    },
  };
}

export function parseSystem(raw: unknown): SystemInfo {
  if (!isRecord(raw)) throw new HostShapeError('self.system() is not an object');
  return {
    area: optionalString(raw.area) ?? 'unknown',
    userId: optionalInteger(raw.amouser_id),
    subdomain: optionalString(raw.subdomain),
  };
}

const FALLBACK_TIME_ZONE = 'UTC';

const LANGUAGES: ReadonlyArray<AccountEnv['language']> = ['ru', 'en', 'es', 'pt'];

/** Language from APP.lang_id (Kommo: en, es, pt; amoCRM.ru: ru, en), zone and currency from APP.constant('account'). */
export function parseAccountEnv(app: AppGlobal | null): AccountEnv {
  const lang = app?.lang_id;
  const account = app ? app.constant('account') : null;
  const zone = isRecord(account) ? optionalString(account.timezone) : null;
  const currency = isRecord(account) ? optionalString(account.currency) : null;
  const language = LANGUAGES.find((code) => code === lang) ?? 'ru';
  return { language, timeZone: zone ?? FALLBACK_TIME_ZONE, currency: currency !== null && /^[A-Z]{3}$/.test(currency) ? currency : null };
}

/** APP.data.current_card.id: a number for a saved card, 0 for a new one, null outside cards. */
export function readCurrentCardId(app: AppGlobal | null): number | null {
  const data = app?.data;
  if (!isRecord(data) || !isRecord(data.current_card)) return null;
  return optionalInteger(data.current_card.id);
}

export function readWidgetsArea(app: AppGlobal | null): string | null {
  if (!app || typeof app.getWidgetsArea !== 'function') return null;
  return optionalString(app.getWidgetsArea());
}

export function parseSaveEvent(raw: unknown): SaveEvent {
  if (!isRecord(raw)) throw new HostShapeError('onSave event is not an object');
  return { active: flag(raw.active), fields: isRecord(raw.fields) ? raw.fields : {} };
}

/** `APP` is current; `AMOCRM` is its deprecated alias on older pages (§2.4). */
export function findAppGlobal(scope: unknown): AppGlobal | null {
  if (!isRecord(scope)) return null;
  for (const candidate of [scope.APP, scope.AMOCRM]) {
    if (isRecord(candidate) && typeof candidate.constant === 'function') return candidate as unknown as AppGlobal;
  }
  return null;
}

/** A jQuery object, a DOM element or nothing: the settings callback receives `$modal_body`. */
export function toElement(value: unknown): Element | null {
  if (typeof Element !== 'undefined' && value instanceof Element) return value;
  if (isRecord(value) && typeof value.get === 'function') {
    const first: unknown = (value.get as (i: number) => unknown)(0);
    if (typeof Element !== 'undefined' && first instanceof Element) return first;
  }
  return null;
}
