import { describe, expect, it } from 'vitest';
import type { LeadId } from '../../../../src/core/brand';
import { STATUS_LOST } from '../../../../src/core/brand';
import { deriveStagePath, selectEnteredCurrentStageAt } from '../../../../src/core/analytics/stage-path';
import { NOW, STAGE_CLOSING, STAGE_FIRST, STAGE_PROPOSAL, buildOpenDeal, daysAgo, move } from '../../../support/analytics';

describe('deriveStagePath', () => {
  it('lists each stage with the days spent in it, up to now for the current one', () => {
    const deal = buildOpenDeal({ createdAt: daysAgo(30), statusId: STAGE_CLOSING });
    const path = deriveStagePath(deal, [
      move(101, daysAgo(10), STAGE_PROPOSAL, STAGE_CLOSING),
      move(101, daysAgo(25), STAGE_FIRST, STAGE_PROPOSAL),
      move(999, daysAgo(20), STAGE_FIRST, STAGE_PROPOSAL),
    ], NOW);
    expect(path.map((v) => [v.statusId, v.days])).toEqual([[STAGE_FIRST, 5], [STAGE_PROPOSAL, 15], [STAGE_CLOSING, 10]]);
    expect(path.at(-1)?.leftAt).toBeNull();
  });

  it('shows a deal that never moved in its current stage since creation', () => {
    const path = deriveStagePath(buildOpenDeal({ createdAt: daysAgo(3) }), [], NOW);
    expect(path).toEqual([{ pipelineId: 555, statusId: STAGE_FIRST, enteredAt: daysAgo(3), leftAt: null, days: 3 }]);
  });

  it('keeps a return to an earlier stage as a separate visit', () => {
    const deal = buildOpenDeal({ id: 7 as LeadId, createdAt: daysAgo(10), statusId: STAGE_PROPOSAL });
    const path = deriveStagePath(deal, [
      move(7, daysAgo(8), STAGE_FIRST, STAGE_PROPOSAL),
      move(7, daysAgo(6), STAGE_PROPOSAL, STATUS_LOST),
      move(7, daysAgo(2), STATUS_LOST, STAGE_PROPOSAL),
    ], NOW);
    expect(path.map((v) => [v.statusId, v.days])).toEqual([[STAGE_FIRST, 2], [STAGE_PROPOSAL, 2], [STATUS_LOST, 4], [STAGE_PROPOSAL, 2]]);
  });
});

describe('selectEnteredCurrentStageAt', () => {
  it('is the time of the last move into the current stage, not the last edit', () => {
    const deal = buildOpenDeal({ statusId: STAGE_PROPOSAL, updatedAt: daysAgo(0) });
    expect(selectEnteredCurrentStageAt(deal, [move(101, daysAgo(60), STAGE_FIRST, STAGE_PROPOSAL)])).toBe(daysAgo(60));
  });
});
