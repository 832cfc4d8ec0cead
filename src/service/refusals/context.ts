/**
 * What every part of refusal control needs from the service: the store, amoCRM per account, the
 * account's users/groups and settings, the clock. Built once by ./feature.ts; tests build their own.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AmoPort } from '../../amo/port';
import { toUnixSeconds, type AccountId, type UnixSeconds } from '../../core/brand';
import type { AmoUser, UserGroup } from '../../core/domain';
import type { RefusalCatalog, RefusalRule } from '../../core/refusals';
import { toWorkingSchedule, type WorkingSchedule } from '../../core/time';
import type { Clock } from '../../core/time/clock';
import { accountTimeZone } from '../accounts/directory';
import type { AccountRecord } from '../accounts/repository';
import { findAccount } from '../accounts/repository';
import { AccountNotConnectedError } from '../accounts/tokens';
import { loadConfig } from '../config/repository';
import { toRefusalRule } from '../../core/refusals/stored-rule';
import type { Database } from '../store/schema';
import type { AccountConfig, RefusalsSection } from '../../contract/config';

export interface RefusalDeps {
  db: Kysely<Database>;
  amoFor(account: AccountRecord): AmoPort;
  directory(accountId: AccountId): Promise<{ users: AmoUser[]; groups: UserGroup[]; timezone: string | null }>;
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Quiet time before losses seen by webhooks are looked up together (ms). */
  collectDelayMs: number;
}

export interface RefusalSettings {
  rules: RefusalRule[];
  schedule: WorkingSchedule;
  section: RefusalsSection;
  /** Return-rate target as a share (0.1 = 10 %), from general.reviewTargetPercent. */
  target: number;
  config: AccountConfig;
}

export async function loadRefusalSettings(deps: Pick<RefusalDeps, 'db' | 'directory'>, accountId: AccountId): Promise<RefusalSettings> {
  const { config } = await loadConfig(deps.db, accountId);
  const section = config.refusals;
  const zone = await accountTimeZone(config.general.timezone, async () => (await deps.directory(accountId)).timezone);
  const schedule = toWorkingSchedule(section.schedule, zone);
  return { rules: section.rules.map(toRefusalRule), schedule, section, target: config.general.reviewTargetPercent / 100, config };
}

export async function requireAccount(deps: Pick<RefusalDeps, 'db'>, accountId: AccountId): Promise<AccountRecord> {
  const account = await findAccount(deps.db, accountId);
  if (account === null || account.status !== 'connected') throw new AccountNotConnectedError(accountId);
  return account;
}

/** Users and groups only: enough to match rules and pick reviewers without extra amoCRM calls. */
export async function loadPeopleCatalog(deps: Pick<RefusalDeps, 'directory'>, accountId: AccountId): Promise<RefusalCatalog> {
  const { users, groups } = await deps.directory(accountId);
  return { users, groups, pipelines: [], reasons: [], taskTypes: [] };
}

/** Everything a decision is checked against: stages, reasons and task types come from amoCRM. */
export async function loadFullCatalog(deps: RefusalDeps, account: AccountRecord): Promise<RefusalCatalog> {
  const amo = deps.amoFor(account);
  const [people, pipelines, reasons, info] = await Promise.all([
    loadPeopleCatalog(deps, account.id), amo.listPipelines(), amo.listLossReasons(), amo.getAccount(),
  ]);
  return { ...people, pipelines, reasons, taskTypes: info.taskTypes };
}

export const nowSeconds = (deps: Pick<RefusalDeps, 'clock'>): UnixSeconds => toUnixSeconds(deps.clock.now());

export const dealLink = (account: Pick<AccountRecord, 'baseUrl'>, leadId: number): string => `${account.baseUrl}/leads/detail/${leadId}`;
