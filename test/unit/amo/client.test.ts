import { describe, expect, it } from 'vitest';
import type { LeadId, LossReasonId, PipelineId, StatusId, TaskTypeId, UnixSeconds, UserId } from '../../../src/core/brand';
import { createAmoClient } from '../../../src/amo/client';
import { AmoValidationError } from '../../../src/amo/errors';
import type { NewTask } from '../../../src/amo/port';
import { bearerTransport, isolatedOptions, json, noContent, problem, text, type SentRequest } from './fakes';

const newTask = (i: number): NewTask => ({
  leadId: (1000 + i) as LeadId, responsibleUserId: 7 as UserId, taskTypeId: 1 as TaskTypeId, text: `call ${i}`, completeTill: 1_800_000_000 as UnixSeconds,
});

/** Answers a batch POST/PATCH the way amoCRM does: one row per element, ids assigned in order. */
function batchAnswer(key: string, req: SentRequest, firstId: number) {
  const elements = req.body as Array<{ request_id?: string }>;
  return json({ _embedded: { [key]: elements.map((e, i) => ({ id: firstId + i, request_id: e.request_id ?? String(i) })) } });
}

describe('batched writes', () => {
  it('creates tasks 50 per request and returns ids in input order', async () => {
    let nextId = 1;
    const { transport, sent } = bearerTransport((req) => {
      const answer = batchAnswer('tasks', req, nextId);
      nextId += (req.body as unknown[]).length;
      return answer;
    });
    const created = await createAmoClient(transport, isolatedOptions()).createTasks(Array.from({ length: 120 }, (_, i) => newTask(i)));
    expect(sent.map((r) => (r.body as unknown[]).length)).toEqual([50, 50, 20]);
    expect(sent.every((r) => r.method === 'POST' && r.path === '/api/v4/tasks')).toBe(true);
    expect(created.map((c) => c.id)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(sent[0]?.body).toContainEqual({ text: 'call 0', complete_till: 1_800_000_000, entity_id: 1000, entity_type: 'leads', task_type_id: 1, responsible_user_id: 7 });
  });

  it('honours a configured batch size, capped at 250', async () => {
    const { transport, sent } = bearerTransport((req) => batchAnswer('leads', req, 1));
    const patches = Array.from({ length: 600 }, (_, i) => ({ id: (i + 1) as LeadId, responsibleUserId: 9 as UserId }));
    await createAmoClient(transport, { ...isolatedOptions(), batchSize: 1000 }).updateLeads(patches);
    expect(sent.map((r) => (r.body as unknown[]).length)).toEqual([250, 250, 100]);
    expect(sent[0]?.body).toContainEqual({ id: 1, responsible_user_id: 9 });
  });

  it('splits a batch in half on 504 and retries the halves', async () => {
    const { transport, sent } = bearerTransport((req) => ((req.body as unknown[]).length > 20 ? text(504, 'Gateway Timeout') : batchAnswer('leads', req, 1)));
    const patches = Array.from({ length: 50 }, (_, i) => ({ id: (i + 1) as LeadId, statusId: 143 as StatusId, pipelineId: 5 as PipelineId, lossReasonId: 3 as LossReasonId }));
    await createAmoClient(transport, isolatedOptions()).updateLeads(patches);
    expect(sent.map((r) => (r.body as unknown[]).length)).toEqual([50, 25, 13, 12, 25, 13, 12]);
    const delivered = sent.filter((_, i) => [2, 3, 5, 6].includes(i)).flatMap((r) => (r.body as Array<{ id: number }>).map((p) => p.id));
    expect(delivered).toEqual(patches.map((p) => p.id));
  });

  it('reports a validation error with indexes into the whole input', async () => {
    const { transport } = bearerTransport((_req, i) =>
      i === 1 ? problem(400, { 'validation-errors': [{ request_id: '2', errors: [{ code: 'InvalidType', path: 'complete_till', detail: 'bad' }] }] }) : batchAnswer('tasks', _req, 1),
    );
    const error = await createAmoClient(transport, isolatedOptions()).createTasks(Array.from({ length: 60 }, (_, i) => newTask(i))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmoValidationError);
    expect((error as AmoValidationError).issues[0]).toMatchObject({ requestId: '2', index: 52, path: 'complete_till' });
  });
});

describe('reads', () => {
  it('answers an empty id list without calling amoCRM', async () => {
    const { transport, sent } = bearerTransport(() => json({}));
    const client = createAmoClient(transport, isolatedOptions());
    expect(await client.listLeads({ ids: [] })).toEqual([]);
    expect(await client.listTasks({ leadIds: [] })).toEqual([]);
    expect(sent).toHaveLength(0);
  });

  it('splits long id lists into several queries so URLs stay short', async () => {
    const { transport, sent } = bearerTransport(() => noContent());
    await createAmoClient(transport, isolatedOptions()).listLeads({ ids: Array.from({ length: 530 }, (_, i) => (25_000_000 + i) as LeadId) });
    expect(sent.map((r) => r.path.split('filter[id][]=').length - 1)).toEqual([250, 250, 30]);
    // Eight-digit ids, as real accounts have: each URL stays well under nginx's 8 KB default.
    expect(Math.max(...sent.map((r) => r.path.length))).toBeLessThan(6_500);
  });

  it('splits long lead id lists of a task query the same way', async () => {
    const { transport, sent } = bearerTransport(() => noContent());
    await createAmoClient(transport, isolatedOptions()).listTasks({ leadIds: Array.from({ length: 260 }, (_, i) => (25_000_000 + i) as LeadId) });
    expect(sent.map((r) => r.path.split('filter[entity_id][]=').length - 1)).toEqual([250, 10]);
  });

  it('returns null for a lead that does not exist', async () => {
    const { transport } = bearerTransport(() => problem(404));
    expect(await createAmoClient(transport, isolatedOptions()).getLead(5 as LeadId)).toBeNull();
  });

  it('falls back to reasons seen on lost leads when the loss_reasons endpoint is missing', async () => {
    const { transport, sent } = bearerTransport((req) => {
      if (req.path.startsWith('/api/v4/leads/loss_reasons')) return problem(404);
      if (req.path.startsWith('/api/v4/leads/pipelines')) {
        return json({ _embedded: { pipelines: [{ id: 5, name: 'Main', sort: 1, is_main: true, is_archive: false, is_unsorted_on: true, account_id: 1, _embedded: { statuses: [] } }] } });
      }
      const reason = (id: number, sort: number) => [{ id, name: `r${id}`, sort, created_at: 0, updated_at: 0 }];
      const lead = (id: number, lossReason: ReturnType<typeof reason> | undefined) => ({
        id, name: '', price: 0, responsible_user_id: 1, group_id: 0, status_id: 143, pipeline_id: 5, loss_reason_id: lossReason?.[0]?.id ?? null,
        created_by: 0, updated_by: 0, created_at: 0, updated_at: 0, closed_at: 0, closest_task_at: null, is_deleted: false,
        custom_fields_values: null, score: null, account_id: 1, _embedded: { tags: [], ...(lossReason ? { loss_reason: lossReason } : {}) },
      });
      return json({ _links: {}, _embedded: { leads: [lead(1, reason(8, 20)), lead(2, reason(7, 10)), lead(3, undefined), lead(4, reason(8, 20))] } });
    });
    const reasons = await createAmoClient(transport, isolatedOptions()).listLossReasons();
    expect(reasons).toEqual([{ id: 7, name: 'r7', sort: 10 }, { id: 8, name: 'r8', sort: 20 }]);
    expect(sent[2]?.path).toBe('/api/v4/leads?with=loss_reason&limit=250&filter[statuses][0][pipeline_id]=5&filter[statuses][0][status_id]=143');
  });

  it('reads status changes oldest first, skipping 204 pages', async () => {
    const event = (id: string, at: number, to: number, from?: number) => ({
      id, type: 'lead_status_changed', entity_id: 10, entity_type: 'lead', created_by: 3, created_at: at, account_id: 1,
      value_after: [{ lead_status: { id: to, pipeline_id: 5 } }], value_before: from === undefined ? [] : [{ lead_status: { id: from, pipeline_id: 5 } }],
    });
    const { transport, sent } = bearerTransport((req) =>
      req.path.includes('entity_id][]=11') ? noContent() : json({ _links: {}, _embedded: { events: [event('b', 200, 143, 1002), event('a', 100, 1002)] } }),
    );
    const ids = Array.from({ length: 11 }, (_, i) => (i + 1) as LeadId);
    const changes = await createAmoClient(transport, isolatedOptions()).listStatusChanges({ leadIds: ids });
    expect(sent).toHaveLength(2);
    expect(changes).toEqual([
      { leadId: 10, at: 100, by: 3, from: null, to: { pipelineId: 5, statusId: 1002 } },
      { leadId: 10, at: 200, by: 3, from: { pipelineId: 5, statusId: 1002 }, to: { pipelineId: 5, statusId: 143 } },
    ]);
  });
});
