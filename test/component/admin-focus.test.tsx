import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GroupId, UserId } from '../../src/core/brand';
import type { PreviewRequest, PreviewResponse } from '../../src/contract/focus';
import FocusFiltersView from '../../src/widget/features/admin-focus/FocusFiltersView';
import { amoWithPipelines, configResponse, on, renderView, SALES_PIPELINE, scriptedService, type Recorded } from './admin-fixtures';
import { buildUser } from './helpers/app-env';
import type { AccountConfig } from '../../src/contract/config';

const admin = buildUser({ id: 1 as UserId, name: 'Админ', isAdmin: true, groupId: 1 as GroupId });
const anna = buildUser({ id: 101 as UserId, name: 'Анна', groupId: 1 as GroupId });
const boris = buildUser({ id: 102 as UserId, name: 'Борис', groupId: 1 as GroupId });

function setup(options: { config?: (c: AccountConfig) => AccountConfig; save?: (request: Recorded) => { body: unknown } | { status: number; body: unknown }; preview?: (request: PreviewRequest) => PreviewResponse; user?: typeof admin } = {}) {
  const saved = configResponse(options.config);
  const { service, calls } = scriptedService([
    on('GET', '/api/v1/config', () => ({ body: saved })),
    on('PUT', '/api/v1/config', options.save ?? ((request) => ({ body: { ...saved, version: 4, config: (request.body as { config: AccountConfig }).config } }))),
    on('POST', '/api/v1/focus/preview', (request) => {
      if (!options.preview) throw new Error('unscripted preview');
      return { body: options.preview(request.body as PreviewRequest) };
    }),
  ]);
  const view = renderView(<FocusFiltersView />, {
    user: options.user ?? admin, managers: [admin, anna, boris], service, amo: amoWithPipelines([SALES_PIPELINE]),
  });
  return { view, calls, puts: () => calls.filter((call) => call.method === 'PUT') };
}

const field = (name: string): HTMLElement => {
  const found = document.querySelector<HTMLElement>(`[data-fr-field="${name}"]`);
  if (!found) throw new Error(`no field ${name}`);
  return found;
};
const loaded = () => waitFor(() => expect(document.querySelector('[data-fr-admin="focus"]')).not.toBeNull());
const stagesReady = () => waitFor(() => expect(screen.getAllByText('Продажи').length).toBeGreaterThan(0));

afterEach(cleanup);

describe('focus filters tab', () => {
  it('saves a group filter with stages picked by name, a minimum value and tags', async () => {
    const { puts } = setup();
    await loaded();
    fireEvent.click(document.querySelector('[data-fr-layer="group:1"]') as Element);
    fireEvent.click(within(field('stages')).getByLabelText('Set here'));
    await stagesReady();
    fireEvent.click(within(field('stages')).getByLabelText('КП отправлено'));
    fireEvent.click(within(field('minValue')).getByLabelText('Set here'));
    fireEvent.input(within(field('minValue')).getByRole('spinbutton'), { target: { value: '50000' } });
    fireEvent.click(within(field('tagsOut')).getByLabelText('Set here'));
    const tagInput = within(field('tagsOut')).getByPlaceholderText('Add a tag…');
    fireEvent.input(tagInput, { target: { value: 'дубль' } });
    fireEvent.keyDown(tagInput, { key: 'Enter' });
    expect(document.querySelector('[data-fr-dirty]')).not.toBeNull();

    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(puts()).toHaveLength(1));
    const body = puts()[0]?.body as { version: number; config: AccountConfig };
    expect(body.version).toBe(3);
    expect(body.config.focus.groups).toEqual([{ groupId: 1, filter: { stages: [{ pipelineId: 10, statusId: 101 }], minValue: 50000, tagsOut: ['дубль'] } }]);
    expect(body.config.focus.defaults).toEqual({});
    await waitFor(() => expect(document.querySelector('[data-fr-save="saved"]')).not.toBeNull());
  });

  it('offers only open stages of the pipeline, shown by name', async () => {
    setup();
    await loaded();
    fireEvent.click(within(field('stages')).getByLabelText('Set here'));
    await stagesReady();
    const labels = [...field('stages').querySelectorAll('label.fr-check')].map((label) => label.textContent);
    expect(labels).toEqual(['Неразобранное', 'КП отправлено', 'Закрытие']);
  });

  it('shows the service\'s 400 messages next to the fields they name', async () => {
    const { puts } = setup({
      config: (c) => ({ ...c, focus: { ...c.focus, groups: [{ groupId: 1, filter: { minDaysInStage: 3 } }] } }),
      save: () => ({ status: 400, body: { error: 'validation', errors: [{ path: 'focus.groups.0.filter.minDaysInStage', message: 'Too big: expected number to be <=3650' }] } }),
    });
    await loaded();
    fireEvent.click(within(field('cooldownHours')).getByLabelText('Set here'));
    fireEvent.input(within(field('cooldownHours')).getByRole('spinbutton'), { target: { value: '4' } });
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(puts()).toHaveLength(1));
    await waitFor(() => expect(document.querySelector('[data-fr-layer="group:1"] .fr-layer__mark--error')).not.toBeNull());
    fireEvent.click(document.querySelector('[data-fr-layer="group:1"]') as Element);
    expect(field('minDaysInStage').querySelector('[data-fr-field-error="minDaysInStage"]')?.textContent).toBe('Too big: expected number to be <=3650');
    expect(field('cooldownHours').querySelector('[data-fr-field-error]')).toBeNull();
  });

  it('marks invalid input at the field and does not send it', async () => {
    const { puts } = setup();
    await loaded();
    fireEvent.click(within(field('idleTimeoutMinutes')).getByLabelText('Set here'));
    fireEvent.input(within(field('idleTimeoutMinutes')).getByRole('spinbutton'), { target: { value: '0' } });
    expect(field('idleTimeoutMinutes').querySelector('[data-fr-field-error]')?.textContent).toBe('Enter a value from 1 to 1440.');
    fireEvent.click(within(field('tagsIn')).getByLabelText('Set here'));
    fireEvent.click(within(field('tagsOut')).getByLabelText('Set here'));
    for (const name of ['tagsIn', 'tagsOut']) {
      const input = within(field(name)).getByPlaceholderText('Add a tag…');
      fireEvent.input(input, { target: { value: 'VIP' } });
      fireEvent.keyDown(input, { key: 'Enter' });
    }
    expect(field('tagsOut').querySelector('[data-fr-field-error]')?.textContent).toBe('Tag "VIP" is both required and excluded.');
    fireEvent.click(screen.getByText('Save'));
    expect(document.querySelector('[data-fr-save="invalid"]')).not.toBeNull();
    expect(puts()).toHaveLength(0);
  });

  it('on a version conflict offers to load theirs or save mine over it', async () => {
    const theirs = configResponse((c) => ({ ...c, focus: { ...c.focus, defaults: { minValue: 1000 } } }), 5);
    let attempt = 0;
    const { puts, calls } = setup({
      save: (request) => {
        attempt += 1;
        return attempt === 1
          ? { status: 409, body: { error: 'version_conflict', current: theirs } }
          : { body: { ...theirs, version: 6, config: (request.body as { config: AccountConfig }).config } };
      },
    });
    await loaded();
    fireEvent.click(within(field('cooldownHours')).getByLabelText('Set here'));
    fireEvent.input(within(field('cooldownHours')).getByRole('spinbutton'), { target: { value: '4' } });
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(document.querySelector('[data-fr-save="conflict"]')).not.toBeNull());
    expect(screen.getByText('Someone else saved these settings while you were editing.')).toBeTruthy();

    fireEvent.click(document.querySelector('[data-fr-action="overwrite"]') as Element);
    await waitFor(() => expect(puts()).toHaveLength(2));
    const second = puts()[1]?.body as { version: number; config: AccountConfig };
    expect(second.version).toBe(5);
    expect(second.config.focus.defaults).toEqual({ cooldownHours: 4 });
    expect(calls.filter((call) => call.method === 'GET')).toHaveLength(1);
  });

  it('reloads their version when the admin drops their own edits after a conflict', async () => {
    const theirs = configResponse((c) => ({ ...c, focus: { ...c.focus, defaults: { minValue: 1000 } } }), 5);
    let gets = 0;
    const saved = configResponse();
    const { service, calls } = scriptedService([
      on('GET', '/api/v1/config', () => { gets += 1; return { body: gets === 1 ? saved : theirs }; }),
      on('PUT', '/api/v1/config', () => ({ status: 409, body: { error: 'version_conflict', current: theirs } })),
    ]);
    renderView(<FocusFiltersView />, { user: admin, managers: [admin, anna], service, amo: amoWithPipelines([SALES_PIPELINE]) });
    await loaded();
    fireEvent.click(within(field('minValue')).getByLabelText('Set here'));
    fireEvent.input(within(field('minValue')).getByRole('spinbutton'), { target: { value: '7' } });
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(document.querySelector('[data-fr-action="reload"]')).not.toBeNull());
    fireEvent.click(document.querySelector('[data-fr-action="reload"]') as Element);
    await waitFor(() => expect((within(field('minValue')).getByRole('spinbutton') as HTMLInputElement).value).toBe('1000'));
    expect(calls.map((call) => call.method)).toEqual(['GET', 'PUT', 'GET']);
  });

  it('shows a deleted stage and a deactivated manager as warnings on their filters, not a crash', async () => {
    const gone = buildUser({ id: 103 as UserId, name: 'Вера', isActive: false });
    const saved = configResponse((c) => ({
      ...c,
      focus: { ...c.focus, defaults: { stages: [{ pipelineId: 10, statusId: 101 }, { pipelineId: 10, statusId: 999 }] }, managers: [{ managerId: 103, filter: { minValue: 5 } }] },
    }));
    const { service } = scriptedService([on('GET', '/api/v1/config', () => ({ body: saved }))]);
    renderView(<FocusFiltersView />, { user: admin, managers: [admin, anna, gone], service, amo: amoWithPipelines([SALES_PIPELINE]) });
    await stagesReady();
    expect(document.querySelector('[data-fr-warning="unknown_stage"]')?.textContent).toBe('Stage #999 no longer exists in amoCRM; it is ignored.');
    expect(field('stages').querySelector('[data-fr-stale-stage="999"]')).not.toBeNull();
    expect((within(field('stages')).getByLabelText('КП отправлено') as HTMLInputElement).checked).toBe(true);
    expect(document.querySelector('[data-fr-layer-warning="manager:103"]')).not.toBeNull();
    fireEvent.click(document.querySelector('[data-fr-layer="manager:103"]') as Element);
    expect(document.querySelector('[data-fr-warning="inactive_manager"]')?.textContent).toBe('Вера is deactivated in amoCRM.');
  });

  it('previews how many deals each manager gets with the draft filters', async () => {
    const preview = vi.fn((request: PreviewRequest): PreviewResponse => ({
      at: 0 as never, warnings: [], requests: 2,
      managers: [
        { userId: 101 as UserId, name: 'Анна', count: request.focus?.defaults.minValue === 1 ? 12 : 3, excluded: {}, stagesEmptied: false },
        { userId: 102 as UserId, name: 'Борис', count: 7, excluded: {}, stagesEmptied: false },
      ],
    }));
    const { calls } = setup({ preview });
    await waitFor(() => expect(document.querySelector('[data-fr-preview-count="101"]')?.textContent).toBe('3'), { timeout: 3000 });
    expect(document.querySelector('[data-fr-preview-count="102"]')?.textContent).toBe('7');
    fireEvent.click(within(field('minValue')).getByLabelText('Set here'));
    fireEvent.input(within(field('minValue')).getByRole('spinbutton'), { target: { value: '1' } });
    await waitFor(() => expect(document.querySelector('[data-fr-preview-count="101"]')?.textContent).toBe('12'), { timeout: 3000 });
    expect(preview.mock.calls.at(-1)?.[0].focus?.defaults).toEqual({ minValue: 1 });
    // Debounced: typing settles into one request per settled draft, not one per keystroke.
    expect(calls.filter((call) => call.path === '/api/v1/focus/preview')).toHaveLength(2);
  });

  it('is read-only for someone who is not an admin', async () => {
    const { puts } = setup({ user: anna });
    await loaded();
    expect(screen.getByText('Only an administrator can change these settings.')).toBeTruthy();
    expect(screen.queryByText('Save')).toBeNull();
    expect((within(field('minValue')).getByLabelText('Set here') as HTMLInputElement).disabled).toBe(true);
    expect(puts()).toHaveLength(0);
  });
});
