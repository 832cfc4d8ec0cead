/**
 * Our refusal block in a lead card. A head (or admin) looking at a lost deal under review gets
 * the same review and actions as in the workspace; once a deal is returned, everyone who opens
 * it — first of all the manager — sees the head's advice.
 */
import { useState } from 'preact/hooks';
import { toEpochMs } from '../../../core/brand';
import type { ReturnedAtSomePoint } from '../../../core/refusals';
import { isReturnedAtSomePoint, isUndecided } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import { formatDateTime } from '../../ui/format';
import { LoadingState } from '../../ui/LoadingState';
import { ServiceError } from '../../service-client';
import { useAppEnv } from '../app-env';
import type { CardSectionProps } from '../card/sections';
import type { DecisionResult, RefusalsApi, ReviewSummary } from './api';
import { refusalsApiOf } from './api';
import { describeError } from './format';
import { canReview, deriveNames, loadCatalog, loadRole, type Names } from './people';
import { ReviewDetail } from './ReviewDetail';
import { ensureRefusalStyles } from './styles';
import { loadAdviceTemplates } from './templates';
import { useAsync } from './use-async';

export default function CardSection({ leadId }: CardSectionProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const api = refusalsApiOf(env.service);
  const [state, reload] = useAsync(async () => {
    if (api === null) return null;
    ensureRefusalStyles(document);
    const [role, reviews, catalog] = await Promise.all([loadRole(env), byLeadOrNone(api, leadId), loadCatalog(env)]);
    return { reviewer: canReview(role), latest: reviews[0] ?? null, catalog };
  }, [env, api, leadId]);
  if (api === null || state.kind === 'loading') return state.kind === 'loading' ? <LoadingState /> : null;
  if (state.kind === 'failed') return <p class="fr-error" role="alert">{describeError(t, state.error)}</p>;
  if (state.value === null || state.value.latest === null) return null;
  const { reviewer, latest, catalog } = state.value;
  const names = deriveNames(catalog);
  const { review } = latest;
  return (
    <div class="fr-rf" data-fr-refusal-card={review.state}>
      <h4 class="fr-subheading">{t('refusals.card.heading')}</h4>
      {isReturnedAtSomePoint(review) && <Advice review={review} names={names} />}
      {reviewer && isUndecided(review) && <CardReview api={api} summary={latest} names={names} catalog={catalog} onDecided={reload} />}
      {reviewer && review.state === 'confirmed' && <p class="fr-rf-muted">{t('refusals.card.confirmed', { head: names.user(review.decision.decidedBy) ?? t('refusals.removed') })}</p>}
    </div>
  );
}

/** Managers may not list reviews (403): for them the card shows only what by-lead lets them see. */
async function byLeadOrNone(api: RefusalsApi, leadId: CardSectionProps['leadId']): Promise<ReviewSummary[]> {
  try {
    return await api.byLead(leadId);
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'forbidden') return [];
    throw error;
  }
}

function Advice({ review, names }: { review: ReturnedAtSomePoint; names: Names }) {
  const { t, dates } = useUi();
  const { decision } = review;
  return (
    <div data-fr-advice="">
      <p class="fr-rf-muted">
        {t('refusals.card.returnedBy', { head: names.user(decision.decidedBy) ?? t('refusals.removed'), date: formatDateTime(toEpochMs(decision.decidedAt), dates) })}
      </p>
      <p class="fr-rf-advice">{decision.advice}</p>
    </div>
  );
}

function CardReview({ api, summary, names, catalog, onDecided }: {
  api: RefusalsApi; summary: ReviewSummary; names: Names; catalog: Parameters<typeof ReviewDetail>[0]['catalog']; onDecided(): void;
}) {
  const { t } = useUi();
  const env = useAppEnv();
  const [conflict, setConflict] = useState(false);
  const [detail] = useAsync(() => api.getReview(summary.review.id), [api, summary.review.id]);
  const [templates] = useAsync(() => loadAdviceTemplates(env), [env]);
  const settle = (result: DecisionResult): DecisionResult => {
    if (result.kind === 'conflict') setConflict(true);
    if (result.kind !== 'rejected') onDecided();
    return result;
  };
  if (detail.kind === 'loading') return <LoadingState />;
  if (detail.kind === 'failed') return <p class="fr-error" role="alert">{describeError(t, detail.error)}</p>;
  return (
    <>
      {conflict && <p class="fr-rf-notice fr-rf-notice--conflict" role="status">{t('refusals.notice.conflict')}</p>}
      <ReviewDetail detail={detail.value} catalog={catalog} names={names} templates={templates.kind === 'ready' ? templates.value : []}
        onConfirm={async (request) => settle(await api.confirm(summary.review.id, request))}
        onReturn={async (request) => settle(await api.returnToWork(summary.review.id, request))} />
    </>
  );
}
