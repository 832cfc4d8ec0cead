import { cleanup, fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { EpochMs } from '../../src/core/brand';
import type { WidgetAmoPort } from '../../src/amo/port';
import type { PipelineWire } from '../../src/amo/wire';
import { PoolsEditor } from '../../src/widget/features/admin-distribution/PoolsEditor';
import FocusFiltersView from '../../src/widget/features/admin-focus/FocusFiltersView';
import { loadRole } from '../../src/widget/features/refusals/people';
import { ME_TTL_MS, PIPELINES_TTL_MS, loadMe, loadPipelines } from '../../src/widget/features/shared-reads';
import HeadsView from '../../src/widget/features/team/HeadsView';
import { SALES_PIPELINE, amoWithPipelines, configResponse, on, renderView, scriptedService } from './admin-fixtures';
import { buildAppEnv, buildUser } from './helpers/app-env';
import { renderIn } from './refusals-fixtures';

afterEach(cleanup);

/** amoCRM answering the pipelines list, counting reads; `fail` makes the next reads fail. */
function countingAmo(pipelines: readonly PipelineWire[]) {
  const inner = amoWithPipelines(pipelines);
  const state = { reads: 0, fail: false };
  const amo: WidgetAmoPort = {
    ...inner,
    listPipelines: () => {
      state.reads += 1;
      if (state.fail) throw new Error('amoCRM is down');
      return inner.listPipelines();
    },
  };
  return { amo, state };
}

const meRoute = (role: unknown) =>
  on('GET', '/api/v1/me', () => ({ body: { account: { id: 31000001, subdomain: 'demo' }, user: { id: 101, name: 'Анна' }, role } }));

describe('shared reads', () => {
  it('reads the pipelines once when two views mount at the same time', async () => {
    const { amo, state } = countingAmo([SALES_PIPELINE]);
    const { service } = scriptedService([on('GET', '/api/v1/config', () => ({ body: configResponse() }))]);
    const admin = buildUser({ isAdmin: true });
    renderView(<><FocusFiltersView /><PoolsEditor service={service} /></>, { user: admin, managers: [admin], service, amo });
    await waitFor(() => expect(document.querySelector('[data-fr-add-pool] option[value="10"]')?.textContent).toBe('Продажи'));
    const stages = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('[data-fr-field="stages"]');
      if (!found) throw new Error('no stages field yet');
      return found;
    });
    fireEvent.click(within(stages).getByLabelText('Set here'));
    await waitFor(() => expect(stages.textContent).toContain('КП отправлено'));
    expect(state.reads).toBe(1);
  });

  it('asks the service who the user is once for the Heads tab and the refusals role', async () => {
    const { service, calls } = scriptedService([
      on('GET', '/api/v1/config', () => ({ body: configResponse() })),
      on('GET', '/api/v1/availability', () => ({ body: { at: 0, managers: [] } })),
      meRoute({ kind: 'head', groupIds: [1] }),
    ]);
    const env = buildAppEnv({ service });
    const role = loadRole(env);
    await expect(Promise.all([role, loadMe(env), loadRole(env)])).resolves.toEqual(['head', expect.objectContaining({ role: { kind: 'head', groupIds: [1] } }), 'head']);
    renderIn(env, <HeadsView />);
    await waitFor(() => expect(document.querySelector('[data-fr-admin="heads"]')).not.toBeNull());
    expect(calls.filter((call) => call.path === '/api/v1/me')).toHaveLength(1);
  });

  it('reads again after the TTL, and does not keep a failure', async () => {
    const { amo, state } = countingAmo([SALES_PIPELINE]);
    let now = Date.UTC(2026, 10, 23, 9, 0);
    const env = buildAppEnv({ amo, now: () => now as EpochMs });

    state.fail = true;
    await expect(loadPipelines(env)).rejects.toThrow('amoCRM is down');
    state.fail = false;
    await expect(loadPipelines(env)).resolves.toEqual([expect.objectContaining({ id: 10 })]);
    now += PIPELINES_TTL_MS - 1;
    await loadPipelines(env);
    expect(state.reads).toBe(2);
    now += 1;
    await loadPipelines(env);
    expect(state.reads).toBe(3);
    // Another widget instance has its own answers.
    await loadPipelines(buildAppEnv({ amo }));
    expect(state.reads).toBe(4);
  });

  it('keeps who the user is for a minute', async () => {
    const { service, calls } = scriptedService([meRoute({ kind: 'manager' })]);
    let now = Date.UTC(2026, 10, 23, 9, 0);
    const env = buildAppEnv({ service, now: () => now as EpochMs });
    await loadMe(env);
    now += ME_TTL_MS - 1;
    await loadMe(env);
    expect(calls).toHaveLength(1);
    now += 1;
    await loadMe(env);
    expect(calls).toHaveLength(2);
  });
});
