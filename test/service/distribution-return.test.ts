/**
 * Issue 10 item 4: a deal a head returns to work keeps the responsible the head chose, even when
 * the stage it goes back to carries the Digital Pipeline action that fires distribution.
 * Refusal control and distribution in one app, against the sandbox.
 */
import { afterEach, expect, it } from 'vitest';
import type { AccountId, UserId } from '../../src/core/brand';
import { loadConfig, saveConfig } from '../../src/service/config/repository';
import { distributionFeature } from '../../src/service/distribution/feature';
import { forEachStore } from '../support/service-store';
import { ADMIN, HEAD, loseAndProcess, MANAGER, openDealOf, PIPELINE, REASON_EXPENSIVE, startRefusalHarness, type RefusalHarness } from '../support/service-refusals';

/** The «small» scenario: the pipeline's first open stage (where the DP action sits by default), two other managers. */
const DP_STAGE = 61720002;
const SECOND_MANAGER = 9100004 as UserId;
const OTHER_GROUP_MANAGER = 9100006 as UserId;

forEachStore('distribution leaves a returned deal alone', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  it('keeps the head\'s chosen responsible when the return fires the DP action', async () => {
    h = await startRefusalHarness(fixture.store(), { features: [distributionFeature] });
    const { db } = fixture.store();
    const { config, version } = await loadConfig(db, h.accountId as AccountId);
    const saved = await saveConfig(db, h.accountId, {
      baseVersion: version, by: ADMIN, at: new Date(),
      config: { ...config, distribution: { ...config.distribution, pools: [{
        pipelineId: PIPELINE, mode: 'round_robin', participants: [{ userId: SECOND_MANAGER, weight: 1, cap: null }, { userId: OTHER_GROUP_MANAGER, weight: 1, cap: null }],
        loadStatusIds: [], hours: null, stickyOwner: false, guard: true, whenNobodyAvailable: { kind: 'hold' },
        triggers: { digitalPipeline: true, dpStatusIds: [], webhookStatusIds: [] },
      }] } },
    });
    expect(saved.ok).toBe(true);

    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    const review = await db.selectFrom('refusal_reviews').select('id').where('lead_id', '=', deal.id).executeTakeFirstOrThrow();
    const returned = await h.app.inject({
      method: 'POST', url: `/api/v1/refusals/reviews/${review.id}/return`, headers: await h.headers(HEAD),
      payload: { advice: 'Позвоните сами', statusId: DP_STAGE, pipelineId: PIPELINE, responsibleUserId: MANAGER },
    });
    expect(returned.statusCode).toBe(200);
    expect((await h.amo.getLead(deal.id))?.statusId).toBe(DP_STAGE);

    // What amoCRM sends when a deal enters the DP stage: the widget action's webhook.
    for (const type of h.jobs.jobTypesFor('amo.dp')) {
      await h.jobs.enqueue({ accountId: h.accountId, type, payload: {
        typeCode: 'lead_status_changed', type: 14, entityId: deal.id, elementType: 2, statusId: DP_STAGE, pipelineId: PIPELINE,
        direction: null, time: Math.floor(Date.now() / 1000), settings: {}, subdomain: h.sandbox.subdomain, accountId: h.accountId, inboxId: 0,
      } });
    }
    // The batch is debounced a few hundred milliseconds.
    for (let round = 0; round < 20; round += 1) {
      await h.jobs.drain();
      const left = await db.selectFrom('distribution_pending').select('lead_id').execute();
      const batches = await db.selectFrom('jobs').select('id').where('type', '=', 'distribution.batch').where('status', '!=', 'done').execute();
      if (left.length === 0 && batches.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect((await h.amo.getLead(deal.id))?.responsibleUserId).toBe(MANAGER);
    const decisions = await db.selectFrom('distribution_decisions').select(['lead_id', 'kind', 'why']).execute();
    expect(decisions).toEqual([{ lead_id: deal.id, kind: 'ignored', why: 'returned_by_head' }]);
  });
});
