/**
 * The reconciler's alarm reaches the admin (issue 10, item 3): while amoCRM keeps the service's
 * webhook off, the advanced page says so in words; when the subscription is healthy it is silent.
 */
import { screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReconcileStatusResponse } from '../../src/contract/reconcile';
import AdvancedPage from '../../src/widget/features/advanced/AdvancedPage';
import { configResponse, on, renderView, scriptedService } from './admin-fixtures';
import { buildUser } from './helpers/app-env';

const status = (overrides: Partial<ReconcileStatusResponse>): ReconcileStatusResponse => ({
  known: true, subscription: 'ok', alarm: false, checkedAt: Date.UTC(2026, 11, 7, 9, 0), lastProblem: null,
  resubscriptions: 0, caughtUpEvents: 0, lastCatchUpAt: null, checkpoint: null, error: null, ...overrides,
});

function serviceAnswering(answer: ReconcileStatusResponse) {
  return scriptedService([
    on('GET', '/api/v1/reconcile/status', () => ({ body: answer })),
    on('GET', '/api/v1/config', () => ({ body: configResponse() })),
    on('GET', '/api/v1/me', () => ({ body: { user: { id: 1 }, role: { kind: 'admin' } } })),
  ]);
}

afterEach(() => { document.body.innerHTML = ''; });

describe('webhook alarm on the advanced page', () => {
  it('tells an admin that amoCRM switched the webhook off, in their language', async () => {
    const { service } = serviceAnswering(status({ subscription: 'disabled', alarm: true, resubscriptions: 2 }));
    renderView(<AdvancedPage initialTab="heads" />, { service, user: buildUser({ isAdmin: true }) }, 'ru');
    const alarm = await screen.findByRole('alert');
    expect(alarm.getAttribute('data-fr-webhook-alarm')).toBe('disabled');
    expect(alarm.textContent).toContain('amoCRM отключил вебхук сервиса');
    expect(alarm.textContent).toContain('переподписок: 2');
  });

  it('says so when the service could not subscribe again', async () => {
    const { service } = serviceAnswering(status({ subscription: 'failed', alarm: true }));
    renderView(<AdvancedPage initialTab="heads" />, { service, user: buildUser({ isAdmin: true }) });
    expect((await screen.findByRole('alert')).textContent).toContain('could not subscribe to the amoCRM webhook again');
  });

  it('stays silent while the subscription is healthy', async () => {
    const { service, calls } = serviceAnswering(status({}));
    renderView(<AdvancedPage initialTab="heads" />, { service, user: buildUser({ isAdmin: true }) });
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/reconcile/status')).toBe(true));
    expect(document.querySelector('[data-fr-webhook-alarm]')).toBeNull();
  });

  it('does not ask for the status on behalf of someone who is not an admin', async () => {
    const { service, calls } = serviceAnswering(status({ subscription: 'disabled', alarm: true }));
    renderView(<AdvancedPage initialTab="heads" />, { service, user: buildUser({ isAdmin: false }) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.some((c) => c.path === '/api/v1/reconcile/status')).toBe(false);
    expect(document.querySelector('[data-fr-webhook-alarm]')).toBeNull();
  });
});
