/**
 * Domain shapes the rules work on: camelCase, branded ids and times.
 * Mapped from amoCRM wire types in src/amo/map.ts; the rules never see wire types.
 */
import type {
  AccountId, ContactId, GroupId, LeadId, LossReasonId, PipelineId, StatusId, TaskId, TaskTypeId, UnixSeconds, UserId,
} from './brand';

export interface Deal {
  id: LeadId;
  name: string;
  price: number;
  responsibleUserId: UserId;
  groupId: GroupId;
  pipelineId: PipelineId;
  statusId: StatusId;
  lossReasonId: LossReasonId | null;
  createdAt: UnixSeconds;
  updatedAt: UnixSeconds;
  closedAt: UnixSeconds | null;
  /** Due time of the nearest open task; null = the deal has no open task. */
  closestTaskAt: UnixSeconds | null;
  tags: string[];
  contactIds: ContactId[];
  mainContactId: ContactId | null;
  lossReason: LossReason | null;
}

export interface Status {
  id: StatusId;
  pipelineId: PipelineId;
  name: string;
  sort: number;
  color: string;
  kind: 'open' | 'unsorted' | 'won' | 'lost';
}

export interface Pipeline {
  id: PipelineId;
  name: string;
  sort: number;
  isMain: boolean;
  isArchive: boolean;
  statuses: Status[];
}

export interface Task {
  id: TaskId;
  responsibleUserId: UserId;
  entityId: LeadId | null;
  entityType: 'leads' | 'contacts' | 'companies' | 'customers' | null;
  isCompleted: boolean;
  taskTypeId: TaskTypeId;
  text: string;
  completeTill: UnixSeconds;
  createdAt: UnixSeconds;
  updatedAt: UnixSeconds;
}

export interface TaskType { id: TaskTypeId; name: string; color: string | null }
export interface LossReason { id: LossReasonId; name: string; sort: number }
export interface UserGroup { id: GroupId; name: string }

export interface AmoUser {
  id: UserId;
  name: string;
  email: string;
  isAdmin: boolean;
  isActive: boolean;
  groupId: GroupId | null;
}

export interface Account {
  id: AccountId;
  name: string;
  subdomain: string;
  currency: string;
  timezone: string;
  isLossReasonEnabled: boolean;
}

export interface Note {
  id: number;
  entityId: LeadId;
  noteType: string;
  text: string;
  createdBy: UserId;
  createdAt: UnixSeconds;
}

/** A status change from the events API, used for "days in stage" and "path through stages". */
export interface StatusChange {
  leadId: LeadId;
  at: UnixSeconds;
  by: UserId;
  from: { pipelineId: PipelineId; statusId: StatusId } | null;
  to: { pipelineId: PipelineId; statusId: StatusId };
}
