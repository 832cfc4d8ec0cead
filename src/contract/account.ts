/**
 * Request/response types of the widget-facing API (/api/v1). Type-only: the widget's service
 * client imports them with `import type`, so nothing here may have a runtime value.
 */
import type { AccountId, GroupId, UserId } from '../core/brand';

export type { AccountConfig, AccountConfigInput, ConfigConflictResponse, ConfigResponse, ConfigWarning, SaveConfigRequest } from './config';

/** A user's role, always resolved by the service from amoCRM users and the heads configuration. */
export type Role =
  | { kind: 'admin' }
  | { kind: 'head'; groupIds: GroupId[] }
  | { kind: 'manager'; groupId: GroupId | null };

export interface MeResponse {
  account: { id: AccountId; subdomain: string };
  user: { id: UserId; name: string };
  role: Role;
}

export interface DisconnectResponse { status: 'disconnected' }

/** 400 body: every invalid field with its path, e.g. `heads.0.userIds.1`. */
export interface ValidationErrorResponse { error: 'validation'; errors: Array<{ path: string; message: string }> }

/** Any other error body. */
export interface ErrorResponse { error: string; message?: string }
