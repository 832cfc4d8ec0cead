/**
 * Which rule, if any, sends a lost deal to review, and to whom.
 *
 * Rules are tried in order; the FIRST rule whose criteria match owns the deal, and its sampling
 * draw is final. A deal sampled out by a 20% rule does not fall through to a broader rule after
 * it — otherwise a narrower rule's sampling would be undone by the next one.
 */
import type { AccountId, GroupId, UserId } from '../brand';
import { STATUS_LOST } from '../brand';
import type { Deal } from '../domain';
import type { LossEventKey } from './loss-event';
import type { RefusalCatalog, RefusalRule } from './rule';
import { findUser } from './rule';
import { computeSamplingPoint } from './sampling';

export interface LostDeal { accountId: AccountId; deal: Deal; lossEventKey: LossEventKey }

type RuleMismatch = 'disabled' | 'pipeline' | 'reason' | 'no_reason' | 'value' | 'scope';

export type FallbackCause = 'no_group_head' | 'head_removed' | 'head_inactive' | 'head_is_manager';

export type ReviewerResolution =
  | { kind: 'group_head'; reviewerId: UserId; groupId: GroupId }
  | { kind: 'fallback'; reviewerId: UserId; cause: FallbackCause };

export type RuleMatch =
  | { kind: 'review'; rule: RefusalRule; reviewer: ReviewerResolution; samplingPoint: number }
  /** The rule wants a review, but the group head cannot take it (why) and the fallback is unset, removed or inactive. */
  | { kind: 'no_reviewer'; rule: RefusalRule; headCause: FallbackCause; samplingPoint: number }
  | { kind: 'sampled_out'; rule: RefusalRule; samplingPoint: number }
  | { kind: 'no_match'; rejections: Array<{ ruleId: RefusalRule['id']; mismatches: RuleMismatch[] }> }
  | { kind: 'not_lost' };

/** The responsible's current group; the deal's own group_id when the user is unknown. */
export function deriveManagerGroup(deal: Deal, catalog: RefusalCatalog): GroupId {
  return findUser(catalog, deal.responsibleUserId)?.groupId ?? deal.groupId;
}

function selectRuleMismatches(deal: Deal, rule: RefusalRule, catalog: RefusalCatalog): RuleMismatch[] {
  const mismatches: RuleMismatch[] = [];
  if (!rule.enabled) mismatches.push('disabled');
  if (rule.pipelineIds.length > 0 && !rule.pipelineIds.includes(deal.pipelineId)) mismatches.push('pipeline');
  if (deal.lossReasonId === null) {
    if (!rule.includeDealsWithoutReason) mismatches.push('no_reason');
  } else if (rule.lossReasonIds.length > 0 && !rule.lossReasonIds.includes(deal.lossReasonId)) {
    mismatches.push('reason');
  }
  if (rule.minValue !== null && deal.price < rule.minValue) mismatches.push('value');
  if (!isInScope(deal, rule, catalog)) mismatches.push('scope');
  return mismatches;
}

function isInScope(deal: Deal, rule: RefusalRule, catalog: RefusalCatalog): boolean {
  if (rule.managerIds.length === 0 && rule.groupIds.length === 0) return true;
  return rule.managerIds.includes(deal.responsibleUserId)
    || rule.groupIds.includes(deriveManagerGroup(deal, catalog));
}

export function resolveReviewer(
  deal: Deal, rule: RefusalRule, catalog: RefusalCatalog,
): ReviewerResolution | { kind: 'none'; headCause: FallbackCause } {
  const groupId = deriveManagerGroup(deal, catalog);
  const headId = rule.groupReviewers.find((r) => r.groupId === groupId)?.reviewerId;
  const head = headId === undefined ? undefined : findUser(catalog, headId);
  let cause: FallbackCause;
  if (headId === undefined) cause = 'no_group_head';
  else if (head === undefined) cause = 'head_removed';
  else if (!head.isActive) cause = 'head_inactive';
  // Nobody reviews their own refusals: a head's lost deal goes to the fallback.
  else if (head.id === deal.responsibleUserId) cause = 'head_is_manager';
  else return { kind: 'group_head', reviewerId: head.id, groupId };

  const fallback = rule.fallbackReviewerId === null ? undefined : findUser(catalog, rule.fallbackReviewerId);
  if (fallback === undefined || !fallback.isActive) {
    return { kind: 'none', headCause: cause };
  }
  return { kind: 'fallback', reviewerId: fallback.id, cause };
}

export function matchRules(lost: LostDeal, rules: readonly RefusalRule[], catalog: RefusalCatalog): RuleMatch {
  const { deal } = lost;
  if (deal.statusId !== STATUS_LOST) return { kind: 'not_lost' };
  const rejections: Array<{ ruleId: RefusalRule['id']; mismatches: RuleMismatch[] }> = [];
  for (const rule of rules) {
    const mismatches = selectRuleMismatches(deal, rule, catalog);
    if (mismatches.length > 0) {
      rejections.push({ ruleId: rule.id, mismatches });
      continue;
    }
    const samplingPoint = computeSamplingPoint({
      accountId: lost.accountId, leadId: deal.id, lossEventKey: lost.lossEventKey,
    });
    if (samplingPoint >= rule.samplingPercent) return { kind: 'sampled_out', rule, samplingPoint };
    const reviewer = resolveReviewer(deal, rule, catalog);
    if (reviewer.kind === 'none') return { kind: 'no_reviewer', rule, headCause: reviewer.headCause, samplingPoint };
    return { kind: 'review', rule, reviewer, samplingPoint };
  }
  return { kind: 'no_match', rejections };
}
