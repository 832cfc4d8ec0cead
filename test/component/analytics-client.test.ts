import { describe, expect, it } from 'vitest';
import { analyticsApiOf } from '../../src/widget/features/analytics/api';
import { createServiceClient, type ServiceClient, type ServiceRequest } from '../../src/widget/service-client';

describe('widget service client: analytics calls', () => {
  it('sends each query as the route expects and checks the answer\'s shape', async () => {
    const sent: ServiceRequest[] = [];
    const answers: unknown[] = [
      { rows: [], total: null },
      { cells: [] },
      { items: [], total: 0 },
      { targets: [] },
      { stuckLimitDays: {}, taskGapDays: 14, maturityDaysOverride: null },
      { state: 'backfilling', progress: {} },
      { stages: 'not a list' },
    ];
    const client = createServiceClient(async (request) => { sent.push(request); return answers.shift(); }, 'https://svc.example/');
    await client.analytics.checklist({ weeks: 8 });
    await client.analytics.losses({ from: 100, to: 200, pipelineId: undefined });
    await client.analytics.lossDeals({ from: 100, to: 200, lostFromStatusId: 'none', reasonId: 501, limit: 200 });
    await client.analytics.saveTargets({ groupId: null, targets: [{ metric: 'withoutTask', value: 0, allowedDeviation: 2, direction: 'at_most' }] });
    await client.analytics.saveSettings({ stuckLimitDays: { 70012: 7 }, taskGapDays: 14, maturityDaysOverride: null });
    await client.analytics.startBackfill();
    await expect(client.analytics.funnel({ pipelineId: 1, from: 0, to: 1, policy: 'assume_passed' })).rejects.toMatchObject({ kind: 'invalid_answer' });
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET https://svc.example/api/v1/analytics/checklist?weeks=8',
      'GET https://svc.example/api/v1/analytics/losses?from=100&to=200',
      'GET https://svc.example/api/v1/analytics/losses/deals?from=100&to=200&lostFromStatusId=none&reasonId=501&limit=200',
      'PUT https://svc.example/api/v1/analytics/targets',
      'PUT https://svc.example/api/v1/analytics/settings',
      'POST https://svc.example/api/v1/analytics/backfill',
      'GET https://svc.example/api/v1/analytics/funnel?pipelineId=1&from=0&to=1&policy=assume_passed',
    ]);
    expect(JSON.parse(sent[3]?.data ?? '')).toEqual({ groupId: null, targets: [{ metric: 'withoutTask', value: 0, allowedDeviation: 2, direction: 'at_most' }] });
  });

  it('turns a manager\'s 403 into a forbidden error, and a client without analytics into no entry point', async () => {
    const client = createServiceClient(async () => { throw { status: 403, responseJSON: { error: 'heads_only' } }; }, 'https://svc.example');
    await expect(client.analytics.cohorts({ pipelineId: 1 })).rejects.toMatchObject({ kind: 'forbidden', code: 'heads_only' });
    expect(analyticsApiOf(client)).toBe(client.analytics);
    expect(analyticsApiOf(null)).toBeNull();
    expect(analyticsApiOf({ me: async () => ({}) } as unknown as ServiceClient)).toBeNull();
  });
});
