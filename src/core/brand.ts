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

/**
 * The one place each brand is applied to a plain number read at a boundary that already checked
 * it (a zod schema, a store column, an amoCRM answer). Callers name the brand they mean instead
 * of writing `as LeadId` at every read, and a number cannot pick up a brand by accident.
 */
const brander = <B extends Brand<number, string>>() => (value: number): B => value as B;
export const asAccountId = brander<AccountId>();
export const asLeadId = brander<LeadId>();
export const asUserId = brander<UserId>();
export const asGroupId = brander<GroupId>();
export const asPipelineId = brander<PipelineId>();
export const asStatusId = brander<StatusId>();
export const asTaskId = brander<TaskId>();
export const asTaskTypeId = brander<TaskTypeId>();
export const asContactId = brander<ContactId>();
export const asLossReasonId = brander<LossReasonId>();
export const asUnixSeconds = brander<UnixSeconds>();
export const asEpochMs = brander<EpochMs>();
/** A brander that lets null through, for the optional fields and columns. */
export const orNull = <B>(brand: (value: number) => B) => (value: number | null): B | null => (value === null ? null : brand(value));
/** A `Date` (a store timestamp) as epoch milliseconds. */
export const epochMsOf = (date: Date): EpochMs => asEpochMs(date.getTime());

export const toEpochMs = (s: UnixSeconds): EpochMs => (s * 1000) as EpochMs;
export const toUnixSeconds = (ms: EpochMs): UnixSeconds => Math.floor(ms / 1000) as UnixSeconds;

/** amoCRM's system statuses, the same in every pipeline. */
export const STATUS_WON = 142 as StatusId;
export const STATUS_LOST = 143 as StatusId;
