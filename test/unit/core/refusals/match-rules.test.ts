import { describe, expect, it } from 'vitest';
import type { LeadId } from '../../../../src/core/brand';
import { matchRules, resolveReviewer } from '../../../../src/core/refusals/match-rules';
import type { RefusalRuleId } from '../../../../src/core/refusals/rule';
import {
  FALLBACK, GROUP_KEY, GROUP_SALES, HEAD_KEY, HEAD_SALES, MANAGER, OTHER_MANAGER, OTHER_PIPELINE, PIPELINE,
  REASON_COMPETITOR, REASON_PRICE, STAGE_PROPOSAL, buildCatalog, buildLostDeal, buildRule, buildUser, lost,
} from '../../../support/refusals';

const catalog = buildCatalog();

describe('matchRules — criteria', () => {
  it('reports a deal that is not in "closed – lost" as not lost', () => {
    const deal = buildLostDeal({ statusId: STAGE_PROPOSAL });
    expect(matchRules(lost(deal), [buildRule()], catalog)).toEqual({ kind: 'not_lost' });
  });

  it('skips a disabled rule', () => {
    const result = matchRules(lost(buildLostDeal()), [buildRule({ enabled: false })], catalog);
    expect(result).toMatchObject({ kind: 'no_match', rejections: [{ mismatches: ['disabled'] }] });
  });

  it('matches only deals lost in the selected pipelines', () => {
    const rule = buildRule({ pipelineIds: [PIPELINE] });
    expect(matchRules(lost(buildLostDeal()), [rule], catalog).kind).toBe('review');
    const elsewhere = buildLostDeal({ pipelineId: OTHER_PIPELINE });
    expect(matchRules(lost(elsewhere), [rule], catalog)).toMatchObject({ rejections: [{ mismatches: ['pipeline'] }] });
  });

  it('matches only the selected loss reasons', () => {
    const rule = buildRule({ lossReasonIds: [REASON_COMPETITOR] });
    expect(matchRules(lost(buildLostDeal({ lossReasonId: REASON_COMPETITOR })), [rule], catalog).kind).toBe('review');
    expect(matchRules(lost(buildLostDeal({ lossReasonId: REASON_PRICE })), [rule], catalog))
      .toMatchObject({ rejections: [{ mismatches: ['reason'] }] });
  });

  it('takes deals lost without a reason only when the rule asks for them', () => {
    const deal = buildLostDeal({ lossReasonId: null });
    expect(matchRules(lost(deal), [buildRule()], catalog)).toMatchObject({ rejections: [{ mismatches: ['no_reason'] }] });
    expect(matchRules(lost(deal), [buildRule({ includeDealsWithoutReason: true })], catalog).kind).toBe('review');
  });

  it('leaves out deals below the minimum value and keeps the ones exactly at it', () => {
    const rule = buildRule({ minValue: 50_000 });
    expect(matchRules(lost(buildLostDeal({ price: 50_000 })), [rule], catalog).kind).toBe('review');
    expect(matchRules(lost(buildLostDeal({ price: 49_999 })), [rule], catalog))
      .toMatchObject({ rejections: [{ mismatches: ['value'] }] });
  });

  it('takes a deal whose manager is listed, or whose manager is in a listed group', () => {
    const byManager = buildRule({ managerIds: [OTHER_MANAGER] });
    const byGroup = buildRule({ groupIds: [GROUP_SALES] });
    const deal = buildLostDeal();
    expect(matchRules(lost(deal), [byManager], catalog)).toMatchObject({ rejections: [{ mismatches: ['scope'] }] });
    expect(matchRules(lost(buildLostDeal({ responsibleUserId: OTHER_MANAGER })), [byManager], catalog).kind).toBe('review');
    expect(matchRules(lost(deal), [byGroup], catalog).kind).toBe('review');
  });

  it("uses the manager's current group over the group stored on the deal", () => {
    const moved = buildCatalog({ users: [...catalog.users.filter((u) => u.id !== MANAGER), buildUser({ groupId: GROUP_KEY })] });
    const rule = buildRule({ groupIds: [GROUP_KEY] });
    expect(matchRules(lost(buildLostDeal({ groupId: GROUP_SALES })), [rule], moved).kind).toBe('review');
  });

  it('lists every mismatch of every rule when nothing matches', () => {
    const rules = [
      buildRule({ id: 'a' as RefusalRuleId, pipelineIds: [OTHER_PIPELINE], minValue: 1_000_000 }),
      buildRule({ id: 'b' as RefusalRuleId, lossReasonIds: [REASON_COMPETITOR] }),
    ];
    expect(matchRules(lost(buildLostDeal()), rules, catalog)).toEqual({
      kind: 'no_match',
      rejections: [{ ruleId: 'a', mismatches: ['pipeline', 'value'] }, { ruleId: 'b', mismatches: ['reason'] }],
    });
  });

  it('lets the first matching rule decide, even when it samples the deal out', () => {
    const deal = buildLostDeal();
    const rules = [buildRule({ id: 'narrow' as RefusalRuleId, samplingPercent: 0 }), buildRule({ id: 'broad' as RefusalRuleId })];
    const result = matchRules(lost(deal), rules, catalog);
    expect(result.kind).toBe('sampled_out');
    expect(result.kind === 'sampled_out' && result.rule.id).toBe('narrow');
  });
});

describe('matchRules — reviewer', () => {
  it("sends the review to the head of the manager's group", () => {
    const result = matchRules(lost(buildLostDeal({ responsibleUserId: OTHER_MANAGER, groupId: GROUP_KEY })), [buildRule()], catalog);
    expect(result).toMatchObject({ kind: 'review', reviewer: { kind: 'group_head', reviewerId: HEAD_KEY, groupId: GROUP_KEY } });
  });

  it('falls back when the group has no head configured', () => {
    const rule = buildRule({ groupReviewers: [{ groupId: GROUP_KEY, reviewerId: HEAD_KEY }] });
    expect(resolveReviewer(buildLostDeal(), rule, catalog)).toEqual({ kind: 'fallback', reviewerId: FALLBACK, cause: 'no_group_head' });
  });

  it('falls back when the head is deactivated or removed', () => {
    const inactive = buildCatalog({ users: catalog.users.map((u) => (u.id === HEAD_SALES ? { ...u, isActive: false } : u)) });
    expect(resolveReviewer(buildLostDeal(), buildRule(), inactive)).toMatchObject({ kind: 'fallback', cause: 'head_inactive' });
    const removed = buildCatalog({ users: catalog.users.filter((u) => u.id !== HEAD_SALES) });
    expect(resolveReviewer(buildLostDeal(), buildRule(), removed)).toMatchObject({ kind: 'fallback', cause: 'head_removed' });
  });

  it("does not let a head review their own lost deal", () => {
    const headsDeal = buildLostDeal({ responsibleUserId: HEAD_SALES });
    expect(resolveReviewer(headsDeal, buildRule(), catalog)).toEqual({ kind: 'fallback', reviewerId: FALLBACK, cause: 'head_is_manager' });
  });

  it('says "no reviewer" when neither the head nor the fallback can take it', () => {
    const rule = buildRule({ groupReviewers: [], fallbackReviewerId: null });
    const result = matchRules(lost(buildLostDeal()), [rule], catalog);
    expect(result).toMatchObject({ kind: 'no_reviewer', headCause: 'no_group_head' });
    const fallbackGone = buildCatalog({
      users: catalog.users.map((u) => (u.id === HEAD_SALES || u.id === FALLBACK ? { ...u, isActive: false } : u)),
    });
    expect(matchRules(lost(buildLostDeal()), [buildRule()], fallbackGone)).toMatchObject({ kind: 'no_reviewer', headCause: 'head_inactive' });
  });

  it('returns the same decision for the same loss every time', () => {
    const rule = buildRule({ samplingPercent: 50 });
    const decisions = Array.from({ length: 40 }, (_, i) => buildLostDeal({ id: (500 + i) as LeadId }))
      .map((deal) => matchRules(lost(deal), [rule], catalog).kind);
    const again = Array.from({ length: 40 }, (_, i) => buildLostDeal({ id: (500 + i) as LeadId }))
      .map((deal) => matchRules(lost(deal), [rule], catalog).kind);
    expect(again).toEqual(decisions);
    expect(new Set(decisions)).toEqual(new Set(['review', 'sampled_out']));
  });
});

