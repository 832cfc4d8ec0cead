/**
 * Our refusal block in a lead card. A head (or admin) looking at a lost deal under review gets
 * the same review and actions as in the workspace; once a deal is returned, the manager it was
 * returned to (and heads) see the head's advice. The service decides which of the two a caller
 * gets (GET /api/v1/refusals/by-lead/:id); the widget only draws it.
 */
import { useState } from 'preact/hooks';
import { toEpochMs, type UnixSeconds } from '../../../core/brand';
import { UNDECIDED_STATES, type RefusalCatalog } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import { formatDateTime } from '../../ui/format';
import { LoadingState } from '../../ui/LoadingState';
import { useAppEnv } from '../app-env';
import type { CardSectionProps } from '../card/sections';
import type { ByLeadResponse, DecisionResult, RefusalsApi, ReviewListItem } from './api';
import { refusalsApiOf } from './api';
import { describeError } from './format';
import { deriveNames, loadCatalog, type Names } from './people';
import { ReviewDetail } from './ReviewDetail';
import { ensureRefusalStyles } from './styles';
import { loadAdviceTemplates } from './templates';
import { useAsync } from '../../ui/use-async';

export default function CardSection({ leadId }: CardSectionProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const api = refusalsApiOf(env.service);
  const [state, reload] = useAsync(async () => {
    if (api === null) return null;
    ensureRefusalStyles(document);
    const [found, catalog] = await Promise.all([api.byLead(leadId), loadCatalog(env)]);
    return { found, catalog };
  }, [env, api, leadId]);
  if (api === null) return null;
  if (state.kind === 'loading') return <LoadingState />;
  if (state.kind === 'failed') return <p class="fr-error" role="alert">{describeError(t, state.error)}</p>;
  if (state.value === null || state.value.found.kind === 'none') return null;
  const { found, catalog } = state.value;
  const names = deriveNames(catalog);
  return (
    <div class="fr-rf" data-fr-refusal-card={found.kind}>
      <h4 class="fr-subheading">{t('refusals.card.heading')}</h4>
      {found.kind === 'advice' && <Advice advice={found} names={names} />}
      {found.kind === 'review' && (UNDECIDED_STATES.includes(found.review.state)
        ? <CardReview api={api} item={found.review} names={names} catalog={catalog} onDecided={reload} />
        : <p class="fr-rf-muted" data-fr-review-state={found.review.state}>{t(`refusals.states.${found.review.state}`)}</p>)}
    </div>
  );
}

function Advice({ advice, names }: { advice: Extract<ByLeadResponse, { kind: 'advice' }>; names: Names }) {
  const { t, dates } = useUi();
  return (
    <div data-fr-advice="">
      <p class="fr-rf-muted">
        {t('refusals.card.returnedBy', { head: names.user(advice.decidedBy) ?? t('refusals.removed'), date: formatDateTime(toEpochMs(advice.decidedAt as UnixSeconds), dates) })}
      </p>
      <p class="fr-rf-advice">{advice.advice}</p>
    </div>
  );
}

function CardReview({ api, item, names, catalog, onDecided }: {
  api: RefusalsApi; item: ReviewListItem; names: Names; catalog: RefusalCatalog; onDecided(): void;
}) {
  const { t } = useUi();
  const env = useAppEnv();
  const [conflict, setConflict] = useState(false);
  const [detail] = useAsync(() => api.getReview(item.id), [api, item.id]);
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
        onConfirm={async (request) => settle(await api.confirm(item.id, request))}
        onReturn={async (request) => settle(await api.returnToWork(item.id, request))} />
    </>
  );
}
