/**
 * Our own types for what amoCRM puts on the widget instance (`self`) and on `window` (APP).
 * No public typings exist (platform reference §2.7). Everything the host *hands us* is typed
 * `unknown` and goes through ./parse.ts; only what we *call* is typed precisely.
 * Sources: platform reference §2.2–§2.4, §7.5; kommo-crm/create-kommo-integration vendor/types.
 */

/** Options of self.render_template: draws our block in the card's right-hand widget panel. */
export interface RenderTemplateOptions {
  caption?: { class_name?: string };
  body: string;
  render: string;
}

/** The subset of jQuery.ajax settings we pass to self.$authorizedAjax. */
export interface AuthorizedAjaxOptions {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  dataType?: 'json';
  contentType?: string;
  data?: string;
  timeout?: number;
}

/** The callbacks object amoCRM reads from the instance (§2.2). */
export interface WidgetCallbacks {
  render(): boolean;
  init(): boolean;
  bind_actions(): boolean;
  /** `$modalBody` is the jQuery-wrapped settings modal body. */
  settings($modalBody: unknown): boolean;
  /** `event` is `{ active: 'Y' | 'N', fields: {...} }`; also fired on disable, before destroy. */
  /** A promise of false stops the save (the address is checked first). */
  onSave(event: unknown): boolean | Promise<boolean>;
  destroy(): void;
  advancedSettings(): boolean;
  dpSettings(): boolean;
}

/**
 * The widget instance as the host prepares it: the platform mixes these helpers into `this`
 * before calling our constructor. Optional members are the ones older hosts or the settings
 * page may lack.
 */
export interface HostSelf {
  system(): unknown;
  get_settings(): unknown;
  readonly params?: unknown;
  readonly langs?: unknown;
  i18n?(key: string): unknown;
  get_version?(): unknown;
  render_template?(options: RenderTemplateOptions, data?: Record<string, unknown>): unknown;
  set_status?(status: string): unknown;
  $authorizedAjax?(options: AuthorizedAjaxOptions): unknown;
  callbacks?: WidgetCallbacks;
}

/** The global `APP` (alias `AMOCRM`), reduced to what we read. */
export interface AppGlobal {
  constant(name: string): unknown;
  getWidgetsArea?(): unknown;
  readonly lang_id?: unknown;
  readonly data?: unknown;
}

export type InstallStatus = 'install' | 'installed' | 'not_configured' | 'unknown';

/** Our settings fields (manifest.json `settings`), parsed. */
interface WidgetSettings {
  serviceUrl: string | null;
  /** The `custom` field: a JSON string amoCRM stores for us (§1.2.2), unparsed here. */
  connection: string | null;
}

export interface WidgetParams {
  widgetCode: string;
  /** Base URL of the uploaded archive's files, without a trailing slash. */
  path: string;
  version: string;
  active: boolean;
  status: InstallStatus;
  settings: WidgetSettings;
}

export interface SystemInfo {
  /** Manifest-style area code: lcard, llist, settings, advanced_settings, everywhere, ... */
  area: string;
  userId: number | null;
  subdomain: string | null;
}

export interface AccountEnv {
  language: 'ru' | 'en' | 'es' | 'pt';
  timeZone: string;
  /** ISO 4217 code of the account's currency, when amoCRM gives one. */
  currency: string | null;
}

export interface SaveEvent {
  active: boolean;
  fields: Record<string, unknown>;
}
