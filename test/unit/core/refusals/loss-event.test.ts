import { describe, expect, it } from 'vitest';
import type { LeadId, PipelineId, StatusId, UnixSeconds, UserId } from '../../../../src/core/brand';
import { STATUS_LOST, STATUS_WON } from '../../../../src/core/brand';
import type { StatusChange } from '../../../../src/core/domain';
import { deriveLossEventKey, deriveLossEvents } from '../../../../src/core/refusals/loss-event';

const lead = 101 as LeadId;
const P = 555 as PipelineId;
const change = (at: number, from: number | null, to: number, pipelineId = P): StatusChange => ({
  leadId: lead, at: at as UnixSeconds, by: 8001 as UserId,
  from: from === null ? null : { pipelineId, statusId: from as StatusId }, to: { pipelineId, statusId: to as StatusId },
});

describe('deriveLossEventKey', () => {
  it('is the same for the same lead and close time, whoever computes it', () => {
    const a = deriveLossEventKey({ leadId: lead, closedAt: 1_761_000_000 as UnixSeconds, statusChangeEventId: 'evt-1' });
    const b = deriveLossEventKey({ leadId: lead, closedAt: 1_761_000_000 as UnixSeconds });
    expect(a).toBe(b);
  });

  it('is new when the deal is reopened and lost again', () => {
    const first = deriveLossEventKey({ leadId: lead, closedAt: 1_761_000_000 as UnixSeconds });
    const second = deriveLossEventKey({ leadId: lead, closedAt: 1_762_000_000 as UnixSeconds });
    expect(second).not.toBe(first);
  });

  it('falls back to the status-change event id without a close time, and to nothing without either', () => {
    expect(deriveLossEventKey({ leadId: lead, closedAt: null, statusChangeEventId: 'abc' })).toBe('lead:101:event:abc');
    expect(deriveLossEventKey({ leadId: lead, closedAt: null, statusChangeEventId: '' })).toBeNull();
    expect(deriveLossEventKey({ leadId: lead, closedAt: null })).toBeNull();
  });
});

describe('deriveLossEvents', () => {
  it('finds each move into lost, with the stage it was lost from', () => {
    const events = deriveLossEvents([
      change(300, STATUS_LOST, 1003),
      change(100, 1002, 1003),
      change(200, 1003, STATUS_LOST),
      change(400, 1003, STATUS_LOST),
      change(500, STATUS_LOST, STATUS_WON),
    ]);
    expect(events.map((e) => [e.at, e.lostFromStatusId])).toEqual([[200, 1003], [400, 1003]]);
  });

  it('does not count moving a lost deal between pipelines as another loss', () => {
    const moved: StatusChange = { ...change(300, STATUS_LOST, STATUS_LOST), to: { pipelineId: 777 as PipelineId, statusId: STATUS_LOST } };
    expect(deriveLossEvents([change(200, 1003, STATUS_LOST), moved])).toHaveLength(1);
  });
});
