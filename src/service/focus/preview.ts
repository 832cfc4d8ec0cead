/**
 * The admin's live preview of focus filters: how many deals each manager's queue would hold right
 * now. Reads with the account token, the same query the widget makes with the manager's session
 * (`filter[statuses]` + `filter[responsible_user_id]`, limit 250), but one query per distinct
 * stage set for all managers sharing it, so a team of 50 costs a few pages, not 50 lists.
 */
import type { EpochMs, LeadId, UserId } from '../../core/brand';
import type { AmoUser, Deal, Pipeline, UserGroup } from '../../core/domain';
import { deriveLeadQuery, resolveFilterFor, type FocusConfig, type FocusFilter } from '../../core/focus/filter';
import { deriveFilterWarnings, pruneStaleStages } from '../../core/focus/filter-warnings';
import { selectFocusQueue } from '../../core/focus/queue';
import type { AmoPort } from '../../amo/port';
import type { PreviewManagerCount, PreviewResponse } from '../../contract/focus';

export interface PreviewInput {
  config: FocusConfig;
  users: readonly AmoUser[];
  groups: readonly UserGroup[];
  managerIds: readonly UserId[] | null;
  now: EpochMs;
  timezone: string;
  /** Per manager, deals snoozed in their sessions. */
  snoozes: ReadonlyMap<UserId, ReadonlyMap<LeadId, EpochMs>>;
}

interface Planned { user: AmoUser; filter: FocusFilter; emptied: boolean }

const stageSetKey = (filter: FocusFilter): string =>
  filter.stages.map((stage) => `${stage.pipelineId}:${stage.statusId}`).sort().join(',');

export async function computePreview(amo: Pick<AmoPort, 'listPipelines' | 'iterateLeads'>, input: PreviewInput): Promise<PreviewResponse> {
  let requests = 1;
  const pipelines: Pipeline[] = await amo.listPipelines();
  const wanted = input.managerIds === null ? null : new Set<number>(input.managerIds);
  const planned: Planned[] = input.users
    .filter((user) => user.isActive && (wanted === null || wanted.has(user.id)))
    .map((user) => {
      const { filter, emptied } = pruneStaleStages(resolveFilterFor(user.id, user.groupId, input.config), pipelines);
      return { user, filter, emptied };
    });

  const byStageSet = new Map<string, Planned[]>();
  for (const plan of planned) {
    if (plan.emptied) continue;
    const key = stageSetKey(plan.filter);
    const group = byStageSet.get(key);
    if (group === undefined) byStageSet.set(key, [plan]);
    else group.push(plan);
  }

  const dealsOf = new Map<UserId, Deal[]>();
  for (const plans of byStageSet.values()) {
    const first = plans[0];
    if (first === undefined) continue;
    const query = { ...deriveLeadQuery(first.filter, first.user.id), responsibleUserIds: plans.map((plan) => plan.user.id) };
    for await (const page of amo.iterateLeads(query)) {
      requests += 1;
      for (const deal of page) {
        const list = dealsOf.get(deal.responsibleUserId);
        if (list === undefined) dealsOf.set(deal.responsibleUserId, [deal]);
        else list.push(deal);
      }
    }
  }

  const managers = planned.map((plan): PreviewManagerCount => {
    const snoozedUntil = input.snoozes.get(plan.user.id);
    const queue = selectFocusQueue(dealsOf.get(plan.user.id) ?? [], plan.filter, plan.user.id, {
      now: input.now, timezone: input.timezone, ...(snoozedUntil === undefined ? {} : { snoozedUntil }),
    });
    const excluded: Record<string, number> = {};
    for (const { reason } of queue.excluded) excluded[reason.code] = (excluded[reason.code] ?? 0) + 1;
    return { userId: plan.user.id, name: plan.user.name, count: plan.emptied ? 0 : queue.items.length, excluded, stagesEmptied: plan.emptied };
  });

  const warnings = deriveFilterWarnings(input.config, { pipelines, users: input.users, groups: input.groups });
  return { at: input.now, managers, warnings, requests };
}
