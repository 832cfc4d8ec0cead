/**
 * What feature views need from the page they run in, without touching the host: who the user
 * is, the account's people and task types (from APP.constant, zero requests), amoCRM with the
 * user's own session, the companion service, and navigation. Built once per widget instance by
 * src/widget/host/app-env.ts and provided to every mount; tests provide a fake.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AccountId, EpochMs, GroupId, LeadId, TaskTypeId, UserId } from '../../core/brand';
import type { WidgetAmoPort } from '../../amo/port';
import type { ServiceClient } from '../service-client';

export interface AppUser {
  id: UserId;
  name: string;
  isAdmin: boolean;
  isActive: boolean;
  groupId: GroupId | null;
}

export interface AppEnv {
  user: AppUser;
  /** `currency`: ISO 4217 code of the account (APP.constant('account').currency), when known. */
  account: { id: AccountId | null; subdomain: string | null; timeZone: string; currency?: string | null };
  /** Everyone in the account (APP.constant('managers')), active or not. */
  managers: readonly AppUser[];
  groups: ReadonlyArray<{ id: GroupId; name: string }>;
  taskTypes: ReadonlyArray<{ id: TaskTypeId; name: string }>;
  /**
   * amoCRM with the user's session and rights, through the narrow port features may use
   * (src/amo/port.ts WidgetAmoPort): operations in domain terms, never URLs.
   */
  amo: WidgetAmoPort;
  /** The companion service, or null while the widget has no service address. */
  service: ServiceClient | null;
  /** Opens a deal's card the way amoCRM's own links do. */
  openLead(id: LeadId): void;
  /** Where the user is: the open lead card, if any (changes without a page load). */
  currentLeadId(): LeadId | null;
  now(): EpochMs;
}

export const AppEnvContext = createContext<AppEnv | null>(null);

export function useAppEnv(): AppEnv {
  const env = useContext(AppEnvContext);
  if (!env) throw new Error('useAppEnv() outside a widget mount');
  return env;
}
