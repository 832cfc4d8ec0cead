/**
 * Issue 9, item 6: the launcher badge reflects what happens — the reviews a head has waiting, and
 * one fewer as soon as a review is decided (through the same service client the workspace uses).
 */
import { render, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { AppEnvContext } from '../../src/widget/features/app-env';
import { Launcher } from '../../src/widget/features/launcher/Launcher';
import { createLauncherModel } from '../../src/widget/features/launcher/LauncherModel';
import { createTranslator } from '../../src/widget/i18n';
import { createServiceClient, type ServiceRequest } from '../../src/widget/service-client';
import { UiContext } from '../../src/widget/ui/context';
import { LANGS, useCleanPage } from './fake-host';
import { buildAppEnv, buildUser } from './helpers/app-env';

useCleanPage();

/** The service as a head sees it: `pending` reviews waiting; a confirm decides one. */
function headService(initial: number) {
  let pending = initial;
  const send = (request: ServiceRequest): Promise<unknown> => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/me') return Promise.resolve({ account: { id: 31000001 }, user: { id: 301, name: 'Глава' }, role: { kind: 'head', groupIds: [1] } });
    if (path === '/api/v1/refusals/reviews') return Promise.resolve({ items: [], total: pending, counts: { pending } });
    if (path.endsWith('/confirm') && request.method === 'POST') {
      pending -= 1;
      return Promise.resolve({ review: { id: 'r1', state: 'confirmed' } });
    }
    return Promise.reject({ status: 404, responseJSON: null });
  };
  return createServiceClient(send, 'https://svc.example.com');
}

describe('launcher badge', () => {
  it('shows the reviews waiting for a head and drops by one when a review is decided', async () => {
    const service = headService(3);
    const env = buildAppEnv({ user: buildUser({ id: 301 as never, name: 'Глава' }), service });
    const model = createLauncherModel();
    render(
      <UiContext.Provider value={{ t: createTranslator(LANGS.ru), dates: { language: 'ru', timeZone: 'Europe/Moscow' } }}>
        <AppEnvContext.Provider value={env}><Launcher model={model} /></AppEnvContext.Provider>
      </UiContext.Provider>,
    );
    const badge = () => document.querySelector('[data-fr-badge-reviews]');
    await waitFor(() => expect(badge()?.textContent).toBe('3'), { timeout: 15_000 });
    await service.refusals.confirm('r1', { reasonId: null } as never);
    await waitFor(() => expect(badge()?.textContent).toBe('2'));
  }, 30_000);
});
