/**
 * Builders for distribution tests: a sandbox account (users only), a real amo client against it,
 * a mutable availability map standing in for the focus feature, and helpers to create leads,
 * contacts and tasks there and to read the decision log.
 */
import type { Kysely } from 'kysely';
import type { AccountId, EpochMs, UserId } from '../../src/core/brand';
import type { Availability } from '../../src/core/distribution/availability';
import { createAmoClient, type AmoClient } from '../../src/amo/client';
import { createBearerTransport, staticToken } from '../../src/amo/transport';
import { upsertConnectedAccount } from '../../src/service/accounts/repository';
import { saveConfig } from '../../src/service/config/repository';
import { accountConfigSchema } from '../../src/service/config/schema';
import { runBatch, type BatchOutcome, type EngineDeps } from '../../src/service/distribution/engine';
import { addPending, type NewPending } from '../../src/service/distribution/repository';
import type { Database } from '../../src/service/store/schema';
import { startSandbox, type Sandbox } from '../emulator/server';
import { NOW } from './time';
import type { DistributionSection } from '../../src/contract/config';

export const ACCOUNT = 31000001 as AccountId;

export interface World {
  sb: Sandbox;
  amo: AmoClient;
  pipelineId: number;
  /** The stage the DP action sits on, and another open stage. */
  dpStatusId: number;
  otherStatusId: number;
  admin: number;
  managers: number[];
  availability: Map<UserId, Availability>;
  clock: { now: Date };
}

export async function startWorld(): Promise<World> {
  const sb = await startSandbox({ scenario: 'empty', seed: 1, now: NOW, rateLimit: { perIntegration: 10_000, perAccount: 10_000 } });
  const amo = createAmoClient(createBearerTransport({ baseUrl: sb.url, tokens: staticToken(sb.longLivedToken) }), { perSecond: 7 });
  const [pipeline] = await amo.listPipelines();
  if (!pipeline) throw new Error('sandbox has no pipeline');
  const open = pipeline.statuses.filter((status) => status.kind === 'open');
  const managers = sb.users.filter((user) => user.role === 'manager').map((user) => user.id);
  const admin = sb.users.find((user) => user.role === 'admin')?.id ?? 0;
  const availability = new Map<UserId, Availability>(sb.users.map((user) => [user.id as UserId, { kind: 'available' } as Availability]));
  return {
    sb, amo, pipelineId: pipeline.id, dpStatusId: open[0]?.id ?? 0, otherStatusId: open[1]?.id ?? 0, admin, managers, availability,
    clock: { now: new Date(NOW) },
  };
}

export async function configure(db: Kysely<Database>, distribution: unknown): Promise<DistributionSection> {
  await upsertConnectedAccount(db, { id: ACCOUNT, subdomain: 'demo', baseUrl: 'http://127.0.0.1' }, new Date(NOW));
  const config = accountConfigSchema.parse({ distribution });
  const current = await db.selectFrom('account_configs').select('version').where('account_id', '=', ACCOUNT).executeTakeFirst();
  const saved = await saveConfig(db, ACCOUNT, { baseVersion: current?.version ?? 0, config, by: 1 as UserId, at: new Date(NOW) });
  if (!saved.ok) throw new Error('config not saved');
  return config.distribution;
}

export function engineDeps(world: World, db: Kysely<Database>): EngineDeps {
  return {
    db, amo: world.amo,
    availability: async () => new Map(world.availability),
    accountTimezone: async () => 'Europe/Moscow',
    clock: { now: () => world.clock.now.getTime() as EpochMs },
    log: { debug() {}, info() {}, warn() {}, error() {} },
  };
}

export async function createLeads(world: World, leads: Array<{ statusId?: number; responsible?: number; contactId?: number }>): Promise<number[]> {
  const body = leads.map((lead) => ({
    status_id: lead.statusId ?? world.dpStatusId, pipeline_id: world.pipelineId, responsible_user_id: lead.responsible ?? world.admin,
    ...(lead.contactId === undefined ? {} : { _embedded: { contacts: [{ id: lead.contactId }] } }),
  }));
  const ids: number[] = [];
  for (let start = 0; start < body.length; start += 250) {
    const answer = await world.amo.request('POST', '/api/v4/leads', { body: body.slice(start, start + 250) });
    ids.push(...(answer as { _embedded: { leads: Array<{ id: number }> } })._embedded.leads.map((lead) => lead.id));
  }
  return ids;
}

export async function createContact(world: World, responsible: number): Promise<number> {
  const answer = await world.amo.request('POST', '/api/v4/contacts', { body: [{ name: 'Клиент', responsible_user_id: responsible }] });
  const id = (answer as { _embedded: { contacts: Array<{ id: number }> } })._embedded.contacts[0]?.id;
  if (id === undefined) throw new Error('no contact created');
  return id;
}

export function dpPending(world: World, leadIds: readonly number[], statusId = world.dpStatusId): NewPending[] {
  return leadIds.map((leadId, index) => ({
    leadId: leadId as NewPending['leadId'], trigger: 'dp', expectedStatusId: statusId, arrivedAt: (world.clock.now.getTime() + index) as EpochMs,
  }));
}

export async function trigger(world: World, db: Kysely<Database>, pending: readonly NewPending[], batchId = 'test'): Promise<BatchOutcome> {
  await addPending(db, ACCOUNT, pending);
  return runBatch(engineDeps(world, db), ACCOUNT, batchId);
}

export async function responsibleOf(world: World, leadIds: readonly number[]): Promise<number[]> {
  const state = (await (await fetch(`${world.sb.url}/_emulator/state`)).json()) as { leads: Array<{ id: number; responsible_user_id: number }> };
  return leadIds.map((id) => state.leads.find((lead) => lead.id === id)?.responsible_user_id ?? -1);
}

export async function decisionsOf(db: Kysely<Database>) {
  return db.selectFrom('distribution_decisions').selectAll().where('account_id', '=', ACCOUNT).orderBy('id').execute();
}

export const pool = (world: World, overrides: Record<string, unknown> = {}) => ({
  pipelineId: world.pipelineId, participants: world.managers.slice(0, 3).map((userId) => ({ userId })), ...overrides,
});
