import { describe, expect, it } from 'vitest';
import type { LeadId, PipelineId, StatusId, TaskTypeId, UnixSeconds, UserId } from '../../../src/core/brand';
import { eventQueryParams, statusChangeQueries } from '../../../src/amo/events';
import { leadQueryParams } from '../../../src/amo/leads';
import { buildQuery } from '../../../src/amo/query';
import { taskQueryParams } from '../../../src/amo/tasks';

const P = (n: number) => n as PipelineId;
const S = (n: number) => n as StatusId;

describe('PHP-bracket query strings', () => {
  it('indexes arrays of objects and uses [] for arrays of scalars', () => {
    expect(buildQuery({ filter: { statuses: [{ pipeline_id: 1, status_id: 2 }, { pipeline_id: 1, status_id: 3 }], id: [7, 8] } })).toBe(
      'filter[statuses][0][pipeline_id]=1&filter[statuses][0][status_id]=2&filter[statuses][1][pipeline_id]=1&filter[statuses][1][status_id]=3&filter[id][]=7&filter[id][]=8',
    );
  });

  it('leaves out undefined and null, writes booleans as 1/0 and escapes values', () => {
    expect(buildQuery({ a: undefined, b: null, c: true, d: false, q: 'a&b c' })).toBe('c=1&d=0&q=a%26b%20c');
  });
});

describe('leads filters', () => {
  it('spells every documented filter the way amoCRM reads it', () => {
    const qs = buildQuery(leadQueryParams({
      statuses: [{ pipelineId: P(10), statusId: S(143) }],
      pipelineIds: [P(11)],
      responsibleUserIds: [5 as UserId, 6 as UserId],
      ids: [1 as LeadId],
      closedAt: { from: 100 as UnixSeconds, to: 200 as UnixSeconds },
      closestTaskAt: { to: 300 as UnixSeconds },
      withLossReason: true,
      withContacts: true,
    }));
    expect(qs.split('&')).toEqual([
      'with=loss_reason,contacts',
      'limit=250',
      'filter[id][]=1',
      'filter[pipeline_id][]=11',
      'filter[statuses][0][pipeline_id]=10',
      'filter[statuses][0][status_id]=143',
      'filter[responsible_user_id][]=5',
      'filter[responsible_user_id][]=6',
      'filter[closed_at][from]=100',
      'filter[closed_at][to]=200',
      'filter[closest_task_at][to]=300',
    ]);
  });

  it('sends only the page size when nothing is filtered', () => {
    expect(buildQuery(leadQueryParams({}))).toBe('limit=250');
  });
});

describe('tasks filters', () => {
  it('pairs filter[entity_id] with filter[entity_type]=leads', () => {
    const qs = buildQuery(taskQueryParams({ leadIds: [3 as LeadId, 4 as LeadId], isCompleted: false, taskTypeIds: [1 as TaskTypeId] }));
    expect(qs).toBe('limit=250&filter[is_completed]=0&filter[task_type][]=1&filter[entity_type]=leads&filter[entity_id][]=3&filter[entity_id][]=4');
  });
});

describe('events filters', () => {
  it('asks for moves into given statuses through value_after[leads_statuses], 100 per page', () => {
    const [q] = statusChangeQueries({ toStatuses: [{ pipelineId: P(9), statusId: S(143) }], createdAt: { from: 50 as UnixSeconds } });
    expect(q).toBeDefined();
    expect(buildQuery(eventQueryParams(q!))).toBe(
      'limit=100&filter[type]=lead_status_changed&filter[created_at][from]=50&filter[value_after][leads_statuses][0][pipeline_id]=9&filter[value_after][leads_statuses][0][status_id]=143',
    );
  });

  it('splits lead ids into queries of at most 10, each with filter[entity]=lead', () => {
    const ids = Array.from({ length: 23 }, (_, i) => (i + 1) as LeadId);
    const queries = statusChangeQueries({ leadIds: ids });
    expect(queries.map((q) => q.leadIds?.length)).toEqual([10, 10, 3]);
    expect(buildQuery(eventQueryParams(queries[2]!))).toBe(
      'limit=100&filter[type]=lead_status_changed&filter[entity]=lead&filter[entity_id][]=21&filter[entity_id][]=22&filter[entity_id][]=23',
    );
  });
});
