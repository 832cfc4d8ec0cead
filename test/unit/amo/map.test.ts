import { describe, expect, it } from 'vitest';
import type { LeadId, LossReasonId, StatusId, UserId } from '../../../src/core/brand';
import { leadPatchToWire, mapLead, mapPipeline, statusKind, taskPatchToWire } from '../../../src/amo/map';
import type { TaskId } from '../../../src/core/brand';
import type { LeadWire, PipelineWire } from '../../../src/amo/wire';

const leadWire = (over: Partial<LeadWire> = {}): LeadWire => ({
  id: 1, name: 'Deal', price: 5000, responsible_user_id: 7, group_id: 2, status_id: 143, pipeline_id: 5, loss_reason_id: 0,
  created_by: 1, updated_by: 1, created_at: 100, updated_at: 200, closed_at: 300, closest_task_at: null, is_deleted: false,
  custom_fields_values: null, score: null, account_id: 1, _embedded: { tags: [{ id: 1, name: 'vip' }] }, ...over,
});

describe('wire → domain', () => {
  it('classifies 142 as won, 143 as lost, type 1 as unsorted, the rest as open', () => {
    expect(statusKind({ id: 142, type: 0 })).toBe('won');
    expect(statusKind({ id: 143, type: 0 })).toBe('lost');
    expect(statusKind({ id: 1001, type: 1 })).toBe('unsorted');
    expect(statusKind({ id: 1002, type: 0 })).toBe('open');
  });

  it('maps a lead, reading loss_reason_id 0 as "no reason" and picking the main contact', () => {
    const deal = mapLead(leadWire({
      _embedded: { tags: [{ id: 1, name: 'vip' }], contacts: [{ id: 11, is_main: false }, { id: 12, is_main: true }] },
    }));
    expect(deal).toMatchObject({ id: 1, statusId: 143, lossReasonId: null, closedAt: 300, closestTaskAt: null, tags: ['vip'], contactIds: [11, 12], mainContactId: 12, lossReason: null });
  });

  it('carries the embedded loss reason', () => {
    const deal = mapLead(leadWire({ loss_reason_id: 4, _embedded: { tags: [], loss_reason: [{ id: 4, name: 'Expensive', sort: 1, created_at: 0, updated_at: 0 }] } }));
    expect(deal.lossReasonId).toBe(4);
    expect(deal.lossReason).toEqual({ id: 4, name: 'Expensive', sort: 1 });
  });

  it('sorts a pipeline\'s statuses by their sort order', () => {
    const wire: PipelineWire = {
      id: 5, name: 'Main', sort: 1, is_main: true, is_unsorted_on: true, is_archive: false, account_id: 1,
      _embedded: { statuses: [
        { id: 143, name: 'Lost', sort: 11000, is_editable: false, pipeline_id: 5, color: '#ccc', type: 0, account_id: 1 },
        { id: 1001, name: 'Unsorted', sort: 10, is_editable: false, pipeline_id: 5, color: '#ccc', type: 1, account_id: 1 },
      ] },
    };
    expect(mapPipeline(wire).statuses.map((s) => [s.id, s.kind])).toEqual([[1001, 'unsorted'], [143, 'lost']]);
  });
});

describe('domain → wire', () => {
  it('sends only the fields a patch sets, keeping an explicit null loss reason', () => {
    expect(leadPatchToWire({ id: 1 as LeadId, statusId: 1002 as StatusId, lossReasonId: null })).toEqual({ id: 1, status_id: 1002, loss_reason_id: null });
    expect(leadPatchToWire({ id: 2 as LeadId, responsibleUserId: 8 as UserId, lossReasonId: 3 as LossReasonId })).toEqual({ id: 2, responsible_user_id: 8, loss_reason_id: 3 });
  });

  it('completes a task with a result text', () => {
    expect(taskPatchToWire({ id: 9 as TaskId, isCompleted: true, resultText: 'Done' })).toEqual({ id: 9, is_completed: true, result: { text: 'Done' } });
  });
});
