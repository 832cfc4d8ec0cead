/**
 * Branded primitives. amoCRM sends ids as plain numbers and times as Unix seconds;
 * `Date` works in milliseconds. Brands make mixing them a compile error instead of a
 * thousand-fold bug found in production.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type AccountId = Brand<number, 'AccountId'>;
export type LeadId = Brand<number, 'LeadId'>;
export type UserId = Brand<number, 'UserId'>;
export type GroupId = Brand<number, 'GroupId'>;
export type PipelineId = Brand<number, 'PipelineId'>;
export type StatusId = Brand<number, 'StatusId'>;
export type TaskId = Brand<number, 'TaskId'>;
export type TaskTypeId = Brand<number, 'TaskTypeId'>;
export type LossReasonId = Brand<number, 'LossReasonId'>;
export type ContactId = Brand<number, 'ContactId'>;

/** What amoCRM sends and accepts: whole seconds since the epoch. */
export type UnixSeconds = Brand<number, 'UnixSeconds'>;
/** What `Date` and `Date.now()` use. */
export type EpochMs = Brand<number, 'EpochMs'>;

export const toEpochMs = (s: UnixSeconds): EpochMs => (s * 1000) as EpochMs;
export const toUnixSeconds = (ms: EpochMs): UnixSeconds => Math.floor(ms / 1000) as UnixSeconds;

/** amoCRM's system statuses, the same in every pipeline. */
export const STATUS_WON = 142 as StatusId;
export const STATUS_LOST = 143 as StatusId;
