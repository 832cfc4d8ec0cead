/**
 * amoCRM REST API v4 wire types, with the documented field names.
 * Source: amocrm.ru/developers/content/crm_platform/* and ../shared/reference/amocrm-platform.md §4.
 * The sandbox (test/emulator) imports these as types only; nothing here has runtime code.
 * Times are Unix seconds; ids are numbers. Domain mapping (brands, camelCase) lives in ./map.ts.
 */

export interface HalLink { href: string }
export interface HalLinks { self?: HalLink; next?: HalLink; prev?: HalLink; first?: HalLink }

/** A HAL collection page: `{ _page, _links, _embedded: { <key>: T[] } }`. 204 means empty. */
export interface HalPage<K extends string, T> {
  _page?: number;
  _page_count?: number;
  _total_items?: number;
  _links: HalLinks;
  _embedded: { [P in K]: T[] };
}

export interface TagWire { id: number; name: string; color?: string | null }
export interface LossReasonWire { id: number; name: string; sort: number; created_at: number; updated_at: number }
export interface ContactRefWire { id: number; is_main: boolean }

export interface CustomFieldValueWire {
  field_id: number;
  field_name?: string;
  field_code?: string | null;
  field_type?: string;
  values: Array<{ value: string | number | boolean; enum_id?: number; enum_code?: string | null }>;
}

export interface LeadWire {
  id: number;
  name: string;
  price: number;
  responsible_user_id: number;
  group_id: number;
  status_id: number;
  pipeline_id: number;
  loss_reason_id: number | null;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  closest_task_at: number | null;
  is_deleted: boolean;
  custom_fields_values: CustomFieldValueWire[] | null;
  score: number | null;
  account_id: number;
  labor_cost?: number | null;
  _links?: HalLinks;
  _embedded: {
    tags: TagWire[];
    companies?: Array<{ id: number }>;
    contacts?: ContactRefWire[];
    loss_reason?: LossReasonWire[];
  };
}

/** PATCH /api/v4/leads element (id required) / POST element (no id). */
export interface LeadPatchWire {
  id: number;
  name?: string;
  price?: number;
  status_id?: number;
  pipeline_id?: number;
  responsible_user_id?: number;
  loss_reason_id?: number | null;
  request_id?: string;
  _embedded?: { tags?: Array<{ id?: number; name?: string }> };
}
export type LeadCreateWire = Omit<LeadPatchWire, 'id'> & { created_at?: number; _embedded?: { tags?: Array<{ id?: number; name?: string }>; contacts?: Array<{ id: number }> } };

export interface StatusWire {
  id: number;
  name: string;
  sort: number;
  is_editable: boolean;
  pipeline_id: number;
  color: string;
  /** 0 = regular, 1 = unsorted ("Неразобранное"). */
  type: 0 | 1;
  account_id: number;
}

export interface PipelineWire {
  id: number;
  name: string;
  sort: number;
  is_main: boolean;
  is_unsorted_on: boolean;
  is_archive: boolean;
  account_id: number;
  _embedded: { statuses: StatusWire[] };
}

/** Who made and last changed a task or note, and whose it is (the same fields on both). */
interface EntityAuditWire {
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  responsible_user_id: number;
  group_id: number;
}

/** A contact as the list answers it; only the fields this client reads. */
export interface ContactWire { id: number; responsible_user_id?: number }

export interface TaskWire extends EntityAuditWire {
  id: number;
  entity_id: number | null;
  entity_type: 'leads' | 'contacts' | 'companies' | 'customers' | null;
  duration: number;
  is_completed: boolean;
  task_type_id: number;
  text: string;
  result: { text?: string } | [];
  complete_till: number;
  account_id: number;
}

export interface TaskCreateWire {
  text: string;
  complete_till: number;
  entity_id?: number;
  entity_type?: 'leads' | 'contacts' | 'companies' | 'customers';
  task_type_id?: number;
  responsible_user_id?: number;
  duration?: number;
  request_id?: string;
}

export interface TaskPatchWire {
  id: number;
  is_completed?: boolean;
  result?: { text: string };
  text?: string;
  complete_till?: number;
  responsible_user_id?: number;
  task_type_id?: number;
}

export interface TaskTypeWire { id: number; name: string; color: string | null; icon_id: number | null; code?: string | null }
export interface UsersGroupWire { id: number; name: string; uuid?: string | null }

export type RightLevel = 'A' | 'G' | 'M' | 'D';
export interface UserRightsWire {
  leads: { view: RightLevel; edit: RightLevel; add: 'A' | 'D'; delete: RightLevel; export: RightLevel };
  contacts: { view: RightLevel; edit: RightLevel; add: 'A' | 'D'; delete: RightLevel; export: RightLevel };
  companies: { view: RightLevel; edit: RightLevel; add: 'A' | 'D'; delete: RightLevel; export: RightLevel };
  tasks: { edit: RightLevel; delete: RightLevel };
  mail_access: boolean;
  catalog_access: boolean;
  status_rights: Array<{ entity_type: 'leads'; pipeline_id: number; status_id: number; rights: { view: 'A' | 'D'; edit: 'A' | 'D'; delete: 'A' | 'D' } }>;
  is_admin: boolean;
  is_free: boolean;
  is_active: boolean;
  group_id: number | null;
  role_id: number | null;
}

export interface UserWire {
  id: number;
  name: string;
  email: string;
  lang: 'ru' | 'en' | string;
  rights: UserRightsWire;
  _links?: HalLinks;
  _embedded?: { roles?: Array<{ id: number; name: string }>; groups?: UsersGroupWire[] };
}

export interface DatetimeSettingsWire {
  date_pattern: string;
  short_date_pattern: string;
  short_time_pattern?: string;
  date_format: string;
  time_format: string;
  timezone: string;
  timezone_offset: string;
}

export interface AccountWire {
  id: number;
  name: string;
  subdomain: string;
  created_at: number;
  created_by: number;
  updated_at: number;
  updated_by: number;
  current_user_id: number;
  country: string;
  currency: string;
  customers_mode: string;
  is_unsorted_on: boolean;
  is_loss_reason_enabled: boolean;
  is_helpbot_enabled: boolean;
  is_technical_account: boolean;
  contact_name_display_order: number;
  _embedded?: {
    users_groups?: UsersGroupWire[];
    task_types?: TaskTypeWire[];
    datetime_settings?: DatetimeSettingsWire;
  };
}

export type NoteType = 'common' | 'call_in' | 'call_out' | 'service_message' | 'extended_service_message' | 'sms_in' | 'sms_out' | 'geolocation' | 'attachment';
export interface NoteWire extends EntityAuditWire {
  id: number;
  entity_id: number;
  note_type: NoteType;
  params: { text?: string; service?: string; [k: string]: unknown };
  account_id: number;
}
export interface NoteCreateWire { entity_id?: number; note_type: NoteType; params: { text: string; service?: string }; request_id?: string }

export type EventValueWire =
  | { lead_status: { id: number; pipeline_id: number } }
  | { responsible_user: { id: number } }
  | { task?: { id: number }; note?: { id: number }; [k: string]: unknown };

export interface EventWire {
  id: string;
  type: string;
  entity_id: number;
  entity_type: 'lead' | 'contact' | 'company' | 'customer' | 'task' | string;
  created_by: number;
  created_at: number;
  value_after: EventValueWire[];
  value_before: EventValueWire[];
  account_id: number;
  _links?: HalLinks;
}

export type WebhookEvent =
  | 'add_lead' | 'update_lead' | 'status_lead' | 'responsible_lead' | 'restore_lead' | 'delete_lead' | 'note_lead'
  | 'add_task' | 'update_task' | 'delete_task' | 'responsible_task';
export interface WebhookWire { id: number; destination: string; created_at: number; updated_at: number; account_id: number; created_by: number; sort: number; disabled: boolean; settings: WebhookEvent[] }

/** amoCRM answers of POST/PATCH batch: `_embedded.<key>[{ id, request_id, updated_at?, _links }]`. */
export interface BatchResultWire<K extends string> {
  _links?: HalLinks;
  _embedded: { [P in K]: Array<{ id: number; request_id?: string; updated_at?: number; _links?: HalLinks }> };
}

/** problem+json error body, as documented (§4.2). */
export interface ProblemWire {
  title: string;
  type: string;
  status: number;
  detail: string;
  'validation-errors'?: Array<{ request_id: string; errors: Array<{ code: string; path: string; detail: string }> }>;
}

/** OAuth token endpoint answer (/oauth2/access_token). */
export interface OAuthTokenWire { token_type: 'Bearer'; expires_in: number; access_token: string; refresh_token: string }

/**
 * Account webhook body after PHP-style form decoding, e.g. `leads[status][0][id]=101`.
 * Every leaf value arrives as a string.
 */
export interface WebhookLeadItemWire {
  id: string;
  name?: string;
  status_id?: string;
  old_status_id?: string;
  pipeline_id?: string;
  old_pipeline_id?: string;
  price?: string;
  responsible_user_id?: string;
  old_responsible_user_id?: string;
  last_modified?: string;
  modified_user_id?: string;
  created_user_id?: string;
  date_create?: string;
  account_id?: string;
  [k: string]: unknown;
}
export interface WebhookTaskItemWire { id: string; element_id?: string; element_type?: string; responsible_user_id?: string; task_type?: string; text?: string; complete_till?: string; status?: string; account_id?: string; [k: string]: unknown }
export interface AccountWebhookBodyWire {
  leads?: Partial<Record<'add' | 'update' | 'status' | 'responsible' | 'restore' | 'delete' | 'note', WebhookLeadItemWire[]>>;
  task?: Partial<Record<'add' | 'update' | 'delete' | 'responsible', WebhookTaskItemWire[]>>;
  account: { id: string; subdomain: string; _links?: { self: string } };
}

/** Digital Pipeline widget action POST to manifest `dp.webhook_url` (§5.3). */
export interface DpWebhookWire {
  event: {
    type: number;
    type_code: 'lead_added' | 'lead_status_changed' | 'lead_appeared_in_status' | 'mail_in' | 'call_in' | 'site_visit' | 'chat' | string;
    data: { id: number | string; element_type: number | string; status_id: number | string; pipeline_id: number | string; direction_of_movement?: string };
    time: number | string;
  };
  action: { settings: { widget: { settings: Record<string, unknown> } } };
  subdomain: string;
  account_id: number | string;
}

/** X-Auth-Token claims (one-time token, §9.1). */
export interface OneTimeTokenClaims {
  iss: string;
  aud: string;
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
  account_id: number;
  user_id: number;
  subdomain: string;
  client_uuid: string;
  is_admin?: boolean;
}
