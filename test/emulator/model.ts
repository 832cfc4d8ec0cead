/**
 * What the sandbox stores. Entities are kept in their documented wire shapes (src/amo/wire.ts,
 * imported as types only) so a route serialises them without a mapping layer that could drift.
 */
import type {
  EventWire, LeadWire, LossReasonWire, NoteWire, PipelineWire, TaskTypeWire, TaskWire, UserRightsWire, UsersGroupWire,
  WebhookWire,
} from './wire';

export type Role = 'admin' | 'head' | 'manager';

export interface SandboxUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  group_id: number;
  lang: 'ru';
  is_active: boolean;
  rights: UserRightsWire;
}

interface AccountRecord {
  id: number;
  name: string;
  subdomain: string;
  currency: 'RUB';
  country: 'RU';
  timezone: string;
  timezoneOffset: string;
  created_at: number;
  created_by: number;
}

interface WidgetState {
  /** Installed at least once: the OAuth code is sent only on the first activation. */
  installed: boolean;
  active: boolean;
  settings: Record<string, unknown>;
}

/**
 * A contact as GET /api/v4/contacts returns it (contacts-api): the fields the sandbox keeps. No wire
 * type exists in src/amo for it, and the sandbox may not import runtime code, so it lives here.
 */
export interface ContactRecord {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  responsible_user_id: number;
  group_id: number;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  closest_task_at: number | null;
  is_deleted: boolean;
  is_unsorted: boolean;
  custom_fields_values: null;
  account_id: number;
}

/** Stage → the per-stage settings of the Digital Pipeline widget action on it. */
type DpActions = Map<number, Record<string, unknown>>;

export interface StoreData {
  account: AccountRecord;
  users: SandboxUser[];
  groups: UsersGroupWire[];
  taskTypes: TaskTypeWire[];
  pipelines: PipelineWire[];
  lossReasons: LossReasonWire[];
  leads: Map<number, LeadWire>;
  tasks: Map<number, TaskWire>;
  contacts: Map<number, ContactRecord>;
  notes: Map<number, NoteWire>;
  events: EventWire[];
  webhooks: Map<number, WebhookWire>;
  dpActions: DpActions;
  widget: WidgetState;
  nextId: { lead: number; task: number; note: number; event: number; webhook: number; contact: number };
}

const STATUS_WON = 142;
export const STATUS_LOST = 143;
export const isClosedStatus = (statusId: number): boolean => statusId === STATUS_WON || statusId === STATUS_LOST;

export function rightsFor(role: Role, groupId: number): UserRightsWire {
  const level = role === 'admin' ? 'A' : role === 'head' ? 'G' : 'M';
  const entity = { view: level, edit: level, add: 'A', delete: level, export: level } as const;
  return {
    leads: entity, contacts: entity, companies: entity,
    tasks: { edit: level, delete: level },
    mail_access: true, catalog_access: role !== 'manager',
    status_rights: [],
    is_admin: role === 'admin', is_free: false, is_active: true,
    group_id: groupId, role_id: null,
  };
}
