/**
 * The focus filter preview and its warnings against the sandbox ('small' scenario): the counts are
 * checked against the sandbox's own lead list, read directly over REST and filtered here by hand.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { accountConfigSchema } from '../../src/service/config/schema';
import { createFocusFeature } from '../../src/service/focus';
import type { PreviewResponse } from '../../src/contract/focus';
import { startSandbox, type Sandbox } from '../emulator/server';
import { startServiceHarness, type SandboxHarness } from '../support/service-harness';
import { START } from '../support/service-focus';
import { forEachStore } from '../support/service-store';

interface LeadRow { id: number; price: number; responsible_user_id: number; status_id: number; pipeline_id: number }
interface PipelineRow { id: number; _embedded: { statuses: Array<{ id: number; type: number }> } }

let sb: Sandbox;
let leads: LeadRow[];
let pipeline: PipelineRow;

async function readSandbox<T>(path: string): Promise<T | null> {
  const response = await fetch(`${sb.url}${path}`, { headers: { authorization: `Bearer ${sb.longLivedToken}` } });
  return response.status === 204 ? null : await response.json() as T;
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0, scenario: 'small', seed: 1, now: START });
  leads = [];
  for (let page = 1; ; page += 1) {
    const body = await readSandbox<{ _embedded: { leads: LeadRow[] } }>(`/api/v4/leads?limit=250&page=${page}`);
    if (body === null) break;
    leads.push(...body._embedded.leads);
    if (body._embedded.leads.length < 250) break;
  }
  const pipelines = await readSandbox<{ _embedded: { pipelines: PipelineRow[] } }>('/api/v4/leads/pipelines');
  const first = pipelines?._embedded.pipelines[0];
  if (first === undefined) throw new Error('sandbox has no pipeline');
  pipeline = first;
});
afterAll(async () => sb.close());

forEachStore('focus preview against the sandbox', (fixture) => {
  let h: SandboxHarness;

  beforeEach(async () => {
    h = await startServiceHarness(fixture.store(), {
      sandbox: { running: sb }, env: { AMO_CLIENT_SECRET: sb.integration.client_secret },
      features: [createFocusFeature()], now: () => sb.clock.now(),
    });
  });
  afterEach(async () => h.close());

  const admin = (): number => {
    const found = sb.users.find((candidate) => candidate.role === 'admin');
    if (found === undefined) throw new Error('no admin');
    return found.id;
  };
  const preview = async (payload: unknown) => {
    return h.app.inject({ method: 'POST', url: '/api/v1/focus/preview', headers: await h.headers(admin()), payload: payload as Record<string, unknown> });
  };

  it('counts, per manager, the deals of the chosen stages at or above the minimum value', async () => {
    const openStages = pipeline._embedded.statuses.filter((status) => status.type === 0 && status.id !== 142 && status.id !== 143).slice(0, 2);
    const minValue = 1000;
    const focus = accountConfigSchema.parse({
      focus: { defaults: { stages: openStages.map((status) => ({ pipelineId: pipeline.id, statusId: status.id })), minValue } },
    }).focus;
    const response = await preview({ focus });
    expect(response.statusCode).toBe(200);
    const body = response.json<PreviewResponse>();
    const stageIds = new Set(openStages.map((status) => status.id));
    const expected = (userId: number) => leads.filter((lead) =>
      lead.responsible_user_id === userId && lead.pipeline_id === pipeline.id && stageIds.has(lead.status_id) && lead.price >= minValue).length;
    expect(body.managers.length).toBeGreaterThan(1);
    for (const manager of body.managers) expect({ id: manager.userId, count: manager.count }).toEqual({ id: manager.userId, count: expected(manager.userId) });
    expect(body.managers.reduce((sum, manager) => sum + manager.count, 0)).toBeGreaterThan(0);
    // One pipelines read plus one page for everybody sharing the stage set.
    expect(body.requests).toBeLessThanOrEqual(3);
    expect(body.warnings).toEqual([]);
  });

  it('warns about a deleted stage and an unknown manager, and reports a filter left without stages', async () => {
    const manager = sb.users.find((candidate) => candidate.role === 'manager');
    if (manager === undefined) throw new Error('no manager');
    const focus = accountConfigSchema.parse({
      focus: {
        managers: [
          { managerId: manager.id, filter: { stages: [{ pipelineId: pipeline.id, statusId: 987654 }] } },
          { managerId: 99_999_999, filter: {} },
        ],
      },
    }).focus;
    const body = (await preview({ focus })).json<PreviewResponse>();
    expect(body.warnings).toEqual([
      { code: 'unknown_stage', scope: { kind: 'manager', managerId: manager.id }, pipelineId: pipeline.id, statusId: 987654 },
      { code: 'unknown_manager', scope: { kind: 'manager', managerId: 99_999_999 }, managerId: 99_999_999 },
    ]);
    expect(body.managers.find((entry) => entry.userId === manager.id)).toMatchObject({ count: 0, stagesEmptied: true });
  });
});
