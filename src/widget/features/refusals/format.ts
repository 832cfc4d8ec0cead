/** Numbers and messages as the refusal views show them. */
import type { ReviewTransitionError } from '../../../core/refusals';
import type { MessageKey, Translate } from '../../i18n';
import { ServiceError } from '../../service-client';
import { formatMoney, formatNumber, type DateFormatSettings, type UiLanguage } from '../../ui/format';

/** Deal values in the account's currency, written the page language's way ("150 000 ₽", "R$ 150.000"). */
export const formatValue = (value: number, settings: DateFormatSettings): string => formatMoney(value, settings);

export const formatPercent = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 1000) / 10}%`);

/** Days in a stage: one decimal under ten days (2,5 d reads differently from 2 d), whole days above; the language's decimal mark. */
export const formatDays = (days: number, language: UiLanguage): string => formatNumber(days, language, days < 10 ? 1 : 0);

const SERVICE_ERRORS: Record<ServiceError['kind'], MessageKey> = {
  network: 'refusals.errors.network',
  unauthorized: 'refusals.errors.unauthorized',
  forbidden: 'refusals.errors.forbidden',
  not_connected: 'refusals.errors.not_connected',
  unavailable: 'refusals.errors.unavailable',
  invalid_answer: 'refusals.errors.invalid_answer',
  http: 'refusals.errors.http',
  amo_access_rejected: 'refusals.errors.amo_access_rejected',
};

export function describeError(t: Translate, error: unknown): string {
  return error instanceof ServiceError ? t(SERVICE_ERRORS[error.kind]) : t('refusals.errors.http');
}

const DECISION_ERRORS: Record<ReviewTransitionError['kind'], MessageKey> = {
  invalid_transition: 'refusals.decision.errors.invalid_transition',
  advice_required: 'refusals.decision.errors.advice_required',
  reason_required: 'refusals.decision.errors.reason_required',
  unknown_reason: 'refusals.decision.errors.unknown_reason',
  stage_required: 'refusals.decision.errors.stage_required',
  stage_unavailable: 'refusals.decision.errors.stage_unavailable',
  user_unavailable: 'refusals.decision.errors.user_unavailable',
  task_type_unavailable: 'refusals.decision.errors.task_type_unavailable',
  due_not_after_decision: 'refusals.decision.errors.due_not_after_decision',
};

export const describeDecisionError = (t: Translate, kind: ReviewTransitionError['kind']): string => t(DECISION_ERRORS[kind]);
