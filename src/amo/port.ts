/**
 * The amoCRM port: what the widget and the service need from amoCRM, in domain terms.
 * Two adapters implement it over one HTTP core (src/amo/http.ts): the browser session
 * (same origin, the user's own rights) and bearer tokens (the service).
 * Lists page through `_links.next` at limit=250 (events: 100); writes are batched at 50.
 */
import type {
  ContactId, LeadId, PipelineId, StatusId, TaskId, TaskTypeId, UnixSeconds, UserId, LossReasonId,
} from '../core/brand';
import type { Account, AmoUser, Deal, LossReason, Note, Pipeline, StatusChange, Task, TaskType, UserGroup } from '../core/domain';
import type { AmoErrorKind } from './errors';

export interface TimeRange { from?: UnixSeconds; to?: UnixSeconds }

export interface LeadQuery {
  statuses?: Array<{ pipelineId: PipelineId; statusId: StatusId }>;
  pipelineIds?: PipelineId[];
  responsibleUserIds?: UserId[];
  ids?: LeadId[];
  createdAt?: TimeRange;
  updatedAt?: TimeRange;
  closedAt?: TimeRange;
  closestTaskAt?: TimeRange;
  withLossReason?: boolean;
  withContacts?: boolean;
}

export interface TaskQuery {
  responsibleUserIds?: UserId[];
  isCompleted?: boolean;
  taskTypeIds?: TaskTypeId[];
  leadIds?: LeadId[];
  ids?: TaskId[];
  updatedAt?: TimeRange;
}

export interface EventQuery {
  types: string[];
  leadIds?: LeadId[];
  createdAt?: TimeRange;
  /** Only moves into these statuses (filter[value_after][leads_statuses]). */
  toStatuses?: Array<{ pipelineId: PipelineId; statusId: StatusId }>;
}

/** One entry of the events feed as the reconciler reads it (lead events only). */
export interface FeedEvent {
  /** amoCRM's event id (a string): the catch-up's dedupe key. */
  id: string;
  type: string;
  leadId: LeadId;
  at: UnixSeconds;
  to: { pipelineId: PipelineId; statusId: StatusId } | null;
  from: { pipelineId: PipelineId; statusId: StatusId } | null;
}

export interface LeadPatch {
  id: LeadId;
  statusId?: StatusId;
  pipelineId?: PipelineId;
  responsibleUserId?: UserId;
  lossReasonId?: LossReasonId | null;
  price?: number;
  name?: string;
}

export interface NewTask {
  leadId: LeadId;
  responsibleUserId: UserId;
  taskTypeId: TaskTypeId;
  text: string;
  completeTill: UnixSeconds;
  /** Echoed back by amoCRM; we use it to match results to inputs. */
  requestId?: string;
}

export interface TaskPatch {
  id: TaskId;
  isCompleted?: boolean;
  resultText?: string;
  responsibleUserId?: UserId;
  completeTill?: UnixSeconds;
}

/** Who is responsible for a contact: distribution's sticky owner. */
export interface ContactOwner { id: ContactId; responsibleUserId: UserId }

export interface NewNote { leadId: LeadId; text: string; requestId?: string }

export interface AccountInfo extends Account { groups: UserGroup[]; taskTypes: TaskType[]; currentUserId: UserId }

export interface WebhookSubscription { id: number; destination: string; settings: string[]; disabled: boolean }

/** One numbered page of a list: for reads that stop and resume at a page (the analytics mirror). */
export interface NumberedPage<T> { items: T[]; last: boolean }

/** A lead status change with the id of the event that carried it (the mirror dedupes on it). */
export type StatusChangeEvent = StatusChange & { eventId: string };

/**
 * For writes: `signal` stops a write that has not gone out yet (waiting for the rate budget, or
 * backing off between retries) and aborts one in flight. A job passes its attempt's signal, so an
 * attempt the runner gave up on stops writing before its retry takes over (what amoCRM made of an
 * aborted request, the retry looks up: src/service/jobs/amo-effects.ts).
 */
interface WriteOptions { signal?: AbortSignal }

export interface AmoPort {
  getAccount(): Promise<AccountInfo>;
  listUsers(): Promise<AmoUser[]>;
  listPipelines(): Promise<Pipeline[]>;
  listLossReasons(): Promise<LossReason[]>;
  listLeads(query: LeadQuery): Promise<Deal[]>;
  /** A page-at-a-time iterator for big lists, so callers can stop early and keep memory flat. */
  iterateLeads(query: LeadQuery): AsyncIterable<Deal[]>;
  getLead(id: LeadId, opts?: { withLossReason?: boolean; withContacts?: boolean }): Promise<Deal | null>;
  updateLeads(patches: LeadPatch[], options?: WriteOptions): Promise<void>;
  listTasks(query: TaskQuery): Promise<Task[]>;
  createTasks(tasks: NewTask[], options?: WriteOptions): Promise<Array<{ id: TaskId; requestId?: string }>>;
  updateTasks(patches: TaskPatch[], options?: WriteOptions): Promise<void>;
  listNotes(leadId: LeadId, opts?: { limit?: number }): Promise<Note[]>;
  /** By id, 250 a request; contacts missing or not visible are absent. */
  listContactOwners(ids: ContactId[]): Promise<ContactOwner[]>;
  addNotes(notes: NewNote[], options?: WriteOptions): Promise<Array<{ id: number; requestId?: string }>>;
  listStatusChanges(query: Omit<EventQuery, 'types'>): Promise<StatusChange[]>;
  /** The lead events feed a page (≤ 100) at a time, newest first: the reconciler's catch-up. */
  iterateLeadEvents(query: { types: readonly string[]; createdAt: TimeRange }): AsyncIterable<FeedEvent[]>;
  /** Page `page` (from 1, `limit` a page) of leads updated since `updatedFrom` (all when undefined). */
  leadsPage(query: { updatedFrom?: number | undefined }, page: number, limit: number): Promise<NumberedPage<Deal>>;
  /** Page `page` of tasks updated since `updatedFrom`. */
  tasksPage(query: { updatedFrom?: number | undefined }, page: number, limit: number): Promise<NumberedPage<Task>>;
  /** Page `page` of lead status-change events created in the range; other events are left out. */
  statusChangesPage(query: { createdFrom?: number | undefined; createdTo?: number | undefined }, page: number, limit: number): Promise<NumberedPage<StatusChangeEvent>>;
  listWebhooks(): Promise<WebhookSubscription[]>;
  subscribeWebhook(destination: string, settings: string[]): Promise<WebhookSubscription>;
  unsubscribeWebhook(destination: string): Promise<void>;
}


/** The lead filters widget features use: a manager's stages, or names for a list of ids. */
export type WidgetLeadQuery = Pick<LeadQuery, 'ids' | 'statuses' | 'responsibleUserIds'>;

/** One lead's stage moves, oldest first, and whether they reach back to its creation (`lead_added` seen). */
export interface LeadStageEvents { changes: StatusChange[]; reachesCreation: boolean }

interface TaskCompletion { id: TaskId; resultText: string }

/**
 * What widget features may ask of amoCRM: `AppEnv.amo`, with the user's own session and rights.
 * Only what features use, in domain terms — no paths, no query strings, no wire shapes — so a
 * feature cannot reach past it and component tests need one in-memory fake of it, not an HTTP
 * emulator (docs/decisions/0004-widget-amo-port.md). The host builds it over src/amo's HTTP core.
 */
export interface WidgetAmoPort {
  listLeads(query: WidgetLeadQuery): Promise<Deal[]>;
  /**
   * The lead as this user may see it now; null when it is gone for them: deleted (404/204) or given
   * to someone whose deals they may not see (amoCRM answers 403 — "not yours any more", not a failure).
   */
  getLead(id: LeadId): Promise<Deal | null>;
  /** Its creation and stage moves from the events feed (one request for most leads). */
  listStageEvents(leadId: LeadId): Promise<LeadStageEvents>;
  /** Newest first, at most `limit`. */
  listNotes(leadId: LeadId, opts: { limit: number }): Promise<Note[]>;
  /** The lead's tasks not yet completed, in amoCRM's order. */
  listOpenTasks(leadId: LeadId): Promise<Task[]>;
  createTasks(tasks: NewTask[]): Promise<Array<{ id: TaskId; requestId?: string }>>;
  completeTasks(tasks: TaskCompletion[]): Promise<void>;
  listPipelines(): Promise<Pipeline[]>;
  listLossReasons(): Promise<LossReason[]>;
  /** Which amoCRM failure a rejection of the calls above stands for; null when it is not amoCRM's. */
  failureKind(error: unknown): AmoErrorKind | null;
}
