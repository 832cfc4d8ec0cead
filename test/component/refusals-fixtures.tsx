/**
 * Builders for the refusal widget tests: a scripted amoCRM (pipelines, loss reasons), the
 * service's wire shapes with overrides, and a render helper with both contexts.
 */
import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { vi } from 'vitest';
import type {
  AccountId, GroupId, LeadId, LossReasonId, PipelineId, StatusId, TaskTypeId, UnixSeconds, UserId,
} from '../../src/core/brand';
import type { PendingReview, RefusalRuleId, ReviewId } from '../../src/core/refusals';
import type { LossEventKey } from '../../src/core/refusals/loss-event';
import type { ReviewDetail, ReviewListItem } from '../../src/widget/features/refusals/api';
import type { RefusalCalls } from '../../src/widget/service-client';
import { AppEnvContext, type AppEnv } from '../../src/widget/features/app-env';
import { createTranslator } from '../../src/widget/i18n';
import { UiContext } from '../../src/widget/ui/context';
import { buildAppEnv, buildUser } from './helpers/app-env';
import { LANGS } from './fake-host';
import type { WidgetAmoPort } from '../../src/amo/port';
import type { PipelineWire } from '../../src/amo/wire';
import { createFakeCrm } from './helpers/fake-crm';

export const PIPELINE = 7001;
const STAGE_PROPOSAL = 70012;
export const STAGE_CLOSING = 70013;
export const REASON_PRICE = 501;
export const REASON_COMPETITOR = 502;
export const MANAGER = buildUser({ id: 101 as UserId, name: 'Анна Менеджер' });
export const OTHER_MANAGER = buildUser({ id: 102 as UserId, name: 'Борис Продавец' });
export const HEAD = buildUser({ id: 201 as UserId, name: 'Елена Руководитель' });
export const NOW_S = Date.UTC(2026, 10, 23, 9, 0) / 1000;
const DAY = 86_400;

const PIPELINES: PipelineWire[] = [{
  id: PIPELINE, name: 'Продажи', sort: 1, is_main: true, is_archive: false, is_unsorted_on: true, account_id: 31000001,
  _embedded: {
    statuses: [
      { id: STAGE_PROPOSAL, pipeline_id: PIPELINE, name: 'КП отправлено', sort: 20, color: '#fff', type: 0, is_editable: true, account_id: 31000001 },
      { id: STAGE_CLOSING, pipeline_id: PIPELINE, name: 'Дожим', sort: 30, color: '#fff', type: 0, is_editable: true, account_id: 31000001 },
      { id: 142, pipeline_id: PIPELINE, name: 'Успешно реализовано', sort: 10000, color: '#fff', type: 0, is_editable: false, account_id: 31000001 },
      { id: 143, pipeline_id: PIPELINE, name: 'Закрыто и не реализовано', sort: 11000, color: '#fff', type: 0, is_editable: false, account_id: 31000001 },
    ],
  },
}];
const REASONS = [{ id: REASON_PRICE, name: 'Дорого', sort: 1, created_at: 0, updated_at: 0 }, { id: REASON_COMPETITOR, name: 'Ушёл к конкуренту', sort: 2, created_at: 0, updated_at: 0 }];

const scriptedAmo = (): WidgetAmoPort => createFakeCrm([], { pipelines: PIPELINES, lossReasons: REASONS }).amo;

export function buildItem(overrides: Partial<ReviewListItem> = {}): ReviewListItem {
  const leadId = overrides.leadId ?? 9001;
  return {
    id: `rv-${leadId}`, leadId, leadName: `Сделка ${leadId}`, state: 'pending', managerId: MANAGER.id, managerReasonId: REASON_PRICE,
    value: 120_000, pipelineId: PIPELINE, lostFromStatusId: STAGE_CLOSING, lostAt: NOW_S - 3 * DAY, ageDays: 3, reviewerId: HEAD.id,
    reviewTaskId: 77, dueAt: NOW_S + DAY, problem: null, planPending: false, link: `https://demo.amocrm.ru/leads/detail/${leadId}`,
    ...overrides,
  };
}

export function buildDetail(item: ReviewListItem): ReviewDetail {
  const review: PendingReview = {
    id: item.id as ReviewId, accountId: 31000001 as AccountId, leadId: item.leadId as LeadId, lossEventKey: `${item.leadId}:1` as LossEventKey,
    ruleId: 'rule-1' as RefusalRuleId, managerId: item.managerId as UserId, managerReasonId: item.managerReasonId as LossReasonId | null,
    value: item.value, pipelineId: item.pipelineId as PipelineId, lostFromStatusId: item.lostFromStatusId as StatusId | null,
    lostAt: item.lostAt as UnixSeconds, createdAt: item.lostAt as UnixSeconds, reviewerId: item.reviewerId as UserId,
    reviewTaskId: null, dueAt: item.dueAt as UnixSeconds, state: 'pending',
  };
  return {
    ...item, review, deal: { statusId: 143, pipelineId: item.pipelineId, responsibleUserId: item.managerId, price: item.value },
    path: [
      { pipelineId: PIPELINE as PipelineId, statusId: STAGE_PROPOSAL as StatusId, enteredAt: (NOW_S - 10 * DAY) as UnixSeconds, leftAt: (NOW_S - 6 * DAY) as UnixSeconds, days: 4 },
      { pipelineId: PIPELINE as PipelineId, statusId: STAGE_CLOSING as StatusId, enteredAt: (NOW_S - 6 * DAY) as UnixSeconds, leftAt: (NOW_S - 3 * DAY) as UnixSeconds, days: 3 },
      { pipelineId: PIPELINE as PipelineId, statusId: 143 as StatusId, enteredAt: (NOW_S - 3 * DAY) as UnixSeconds, leftAt: null, days: 3 },
    ],
    taskCount: 4, openTaskCount: 1, noteCount: 2,
    recentNotes: [{ id: 1, text: 'Клиент сказал: дорого, думаем', createdAt: NOW_S - 3 * DAY, createdBy: MANAGER.id }],
  };
}

/** The ServiceClient's refusal calls (one per route), each a scriptable mock. */
type WireCalls = Omit<RefusalCalls, 'onDecided'>;

export function fakeCalls(items: ReviewListItem[] = []): { [K in keyof WireCalls]: ReturnType<typeof vi.fn<WireCalls[K]>> } {
  return {
    listReviews: vi.fn<RefusalCalls['listReviews']>(async () => ({ items, total: items.length, counts: { pending: items.length } })),
    getReview: vi.fn<RefusalCalls['getReview']>(async (id) => {
      const item = items.find((i) => i.id === id);
      if (item === undefined) throw new Error(`no review ${id}`);
      return buildDetail(item);
    }),
    confirm: vi.fn<RefusalCalls['confirm']>(async () => { throw new Error('confirm not scripted'); }),
    returnToWork: vi.fn<RefusalCalls['returnToWork']>(async () => { throw new Error('return not scripted'); }),
    byLead: vi.fn<RefusalCalls['byLead']>(async () => ({ kind: 'none' })),
    outcomes: vi.fn<RefusalCalls['outcomes']>(async () => { throw new Error('outcomes not scripted'); }),
    startBackfill: vi.fn<RefusalCalls['startBackfill']>(async () => { throw new Error('backfill not scripted'); }),
    getBackfill: vi.fn<RefusalCalls['getBackfill']>(async () => { throw new Error('backfill not scripted'); }),
    getRuleWarnings: vi.fn<RefusalCalls['getRuleWarnings']>(async () => ({ rules: [] })),
  };
}

export function buildRefusalEnv(overrides: Partial<AppEnv> = {}): AppEnv {
  return buildAppEnv({
    user: HEAD,
    managers: [MANAGER, OTHER_MANAGER, HEAD],
    groups: [{ id: 1 as GroupId, name: 'Отдел продаж 1' }],
    taskTypes: [{ id: 1 as TaskTypeId, name: 'Связаться' }],
    amo: scriptedAmo(),
    ...overrides,
  });
}

export function renderIn(env: AppEnv, children: ComponentChildren) {
  return render(
    <UiContext.Provider value={{ t: createTranslator(LANGS.en), dates: { language: 'en', timeZone: 'Europe/Moscow' } }}>
      <AppEnvContext.Provider value={env}>{children}</AppEnvContext.Provider>
    </UiContext.Provider>,
  );
}
