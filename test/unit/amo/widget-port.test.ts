import { describe, expect, it } from 'vitest';
import type { LeadId, TaskId } from '../../../src/core/brand';
import { createHttp } from '../../../src/amo/http';
import { createWidgetAmo } from '../../../src/amo/widget-port';
import { isolatedOptions, json, noContent, problem, sessionTransport, type Responder } from './fakes';

const lead = (id: number) => ({
  id, name: `Deal ${id}`, price: 1, responsible_user_id: 101, group_id: 1, status_id: 4002, pipeline_id: 3001, loss_reason_id: null,
  created_by: 1, updated_by: 1, created_at: 1_690_000_000, updated_at: 1_700_000_000, closed_at: null, closest_task_at: null,
  is_deleted: false, custom_fields_values: null, score: null, account_id: 1, _embedded: { tags: [] },
});
const task = (id: number, entityId: number, isCompleted: boolean) => ({
  id, created_by: 1, updated_by: 1, created_at: 1, updated_at: 1, responsible_user_id: 101, group_id: 1, entity_id: entityId,
  entity_type: 'leads', duration: 0, is_completed: isCompleted, task_type_id: 1, text: 't', result: [], complete_till: 1_800_000_000, account_id: 1,
});
const event = (id: string, type: string, at: number, statusId: number) => ({
  id, type, entity_id: 7, entity_type: 'lead', created_by: 1, created_at: at, account_id: 1,
  value_after: [{ lead_status: { id: statusId, pipeline_id: 3001 } }], value_before: [],
});

function port(respond: Responder) {
  const { transport, sent } = sessionTransport(respond);
  return { amo: createWidgetAmo(createHttp(transport, isolatedOptions())), sent };
}

describe('the widget features\' amoCRM port', () => {
  it.each([
    ['403 (given to someone this user may not see)', () => problem(403)],
    ['404 (deleted)', () => problem(404)],
    ['204 (no such lead)', () => noContent()],
  ])('reads a lead answering %s as gone: null, not a failure', async (_what, answer) => {
    const { amo, sent } = port(answer);
    await expect(amo.getLead(7 as LeadId)).resolves.toBeNull();
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v4/leads/7']);
  });

  it('passes other failures on, and names their kind for the views', async () => {
    const { amo } = port(() => problem(502));
    const failure = await amo.getLead(7 as LeadId).catch((e: unknown) => e);
    expect(amo.failureKind(failure)).toBe('server');
    expect(amo.failureKind(new Error('a bug'))).toBeNull();
  });

  it('reads a lead\'s stage events in one request, oldest first, and says whether they reach its creation', async () => {
    const { amo, sent } = port(() => json({ _embedded: { events: [event('b', 'lead_status_changed', 300, 4003), event('a', 'lead_added', 100, 4002)] } }));
    const history = await amo.listStageEvents(7 as LeadId);
    expect(history.reachesCreation).toBe(true);
    expect(history.changes.map((c) => [c.at, c.to.statusId])).toEqual([[100, 4002], [300, 4003]]);
    expect(sent).toHaveLength(1);
    expect(decodeURIComponent(sent[0]?.path ?? '')).toContain('filter[type]=lead_added,lead_status_changed');
    expect(decodeURIComponent(sent[0]?.path ?? '')).toContain('filter[entity_id][]=7');
  });

  it('lists only the lead\'s open tasks, whatever else the answer carries', async () => {
    const { amo, sent } = port(() => json({ _embedded: { tasks: [task(1, 7, false), task(2, 7, true), task(3, 8, false)] } }));
    expect((await amo.listOpenTasks(7 as LeadId)).map((t) => t.id)).toEqual([1]);
    expect(decodeURIComponent(sent[0]?.path ?? '')).toContain('filter[is_completed]');
  });

  it('completes tasks with a result in one PATCH', async () => {
    const { amo, sent } = port((req) => json({ _embedded: { tasks: (req.body as Array<{ id: number }>).map((t, i) => ({ id: t.id, request_id: String(i) })) } }));
    await amo.completeTasks([{ id: 5 as TaskId, resultText: 'Не дозвонился' }, { id: 6 as TaskId, resultText: 'Готово' }]);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /api/v4/tasks']);
    expect(sent[0]?.body).toEqual([{ id: 5, is_completed: true, result: { text: 'Не дозвонился' } }, { id: 6, is_completed: true, result: { text: 'Готово' } }]);
  });

  it('lists leads by id, or not at all for an empty list', async () => {
    const { amo, sent } = port(() => json({ _embedded: { leads: [lead(5001)] } }));
    expect(await amo.listLeads({ ids: [] })).toEqual([]);
    expect(sent).toHaveLength(0);
    expect((await amo.listLeads({ ids: [5001 as LeadId] })).map((d) => d.name)).toEqual(['Deal 5001']);
  });
});
