import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupId, UserId } from '../../src/core/brand';
import type { ManagerAvailability } from '../../src/contract/focus';
import HeadsView from '../../src/widget/features/team/HeadsView';
import MyAvailability from '../../src/widget/features/team/MyAvailability';
import { configResponse, on, renderView, scriptedService, type Recorded } from './admin-fixtures';
import { buildUser } from './helpers/app-env';
import { NOW } from '../support/time';
import type { AccountConfig } from '../../src/contract/config';

afterEach(cleanup);

const head = buildUser({ id: 7 as UserId, name: 'Ирина Руководитель', groupId: 1 as GroupId });
const anna = buildUser({ id: 101 as UserId, name: 'Анна', groupId: 1 as GroupId });
const oleg = buildUser({ id: 201 as UserId, name: 'Олег', groupId: 2 as GroupId });
const groups = [{ id: 1 as GroupId, name: 'Отдел 1' }, { id: 2 as GroupId, name: 'Отдел 2' }];

const member = (user: typeof anna, availability: ManagerAvailability['availability'], setByName: string | null = null): ManagerAvailability =>
  ({ userId: user.id, name: user.name, availability, setByName });

function renderHeads(options: { role: unknown; user: typeof head; setAway?: (request: Recorded) => ManagerAvailability }) {
  const team = [member(head, { kind: 'available' }), member(anna, { kind: 'focus', since: NOW }), member(oleg, { kind: 'available' })];
  const { service, calls } = scriptedService([
    on('GET', '/api/v1/config', () => ({ body: configResponse((c: AccountConfig) => ({ ...c, heads: [{ groupId: 1, userIds: [7] }] })) })),
    on('GET', '/api/v1/me', () => ({ body: { account: { id: 31000001, subdomain: 'demo' }, user: { id: options.user.id, name: options.user.name }, role: options.role } })),
    on('GET', '/api/v1/availability', () => ({ body: { at: NOW, managers: team } })),
    on('POST', '/api/v1/availability/101', (request) => ({ body: { at: NOW, managers: [options.setAway?.(request) ?? team[1]] } })),
    on('PUT', '/api/v1/config', (request) => ({ body: { ...configResponse(), version: 4, config: (request.body as { config: AccountConfig }).config } })),
  ]);
  renderView(<HeadsView />, { user: options.user, managers: [head, anna, oleg], groups, service });
  return calls;
}

const row = (user: typeof anna) => document.querySelector<HTMLElement>(`[data-fr-team-member="${user.id}"]`);

describe('team availability (Heads tab)', () => {
  it('lets a head set their group\'s manager away with a reason', async () => {
    const calls = renderHeads({
      role: { kind: 'head', groupIds: [1] }, user: head,
      setAway: (request) => {
        const away = (request.body as { away: { reason: string } }).away;
        return member(anna, { kind: 'away', by: head.id, reason: away.reason, until: null }, head.name);
      },
    });
    await waitFor(() => expect(row(anna)?.querySelector('[data-fr-action="set-away"]')).not.toBeNull());
    expect(row(anna)?.querySelector('[data-fr-team-detail]')?.textContent).toContain('In Focus since');
    // Another group's manager: the head sees the state but gets no button.
    expect(row(oleg)?.querySelector('[data-fr-action="set-away"]')).toBeNull();

    fireEvent.click(row(anna)?.querySelector('[data-fr-action="set-away"]') as Element);
    fireEvent.submit(row(anna)?.querySelector('form') as Element);
    expect(row(anna)?.querySelector('[data-fr-field-error="reason"]')?.textContent).toBe('Say why: the manager will see it.');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);

    fireEvent.input(within(row(anna) as HTMLElement).getByLabelText('Reason Анна is away'), { target: { value: 'Training until lunch' } });
    fireEvent.submit(row(anna)?.querySelector('form') as Element);
    await waitFor(() => expect(row(anna)?.querySelector('[data-fr-team-detail]')?.textContent).toBe('Set away by Ирина Руководитель: Training until lunch'));
    expect(calls.filter((call) => call.method === 'POST')).toEqual([{ method: 'POST', path: '/api/v1/availability/101', body: { away: { reason: 'Training until lunch' } } }]);
    expect(row(anna)?.querySelector('[data-fr-action="bring-back"]')).not.toBeNull();
  });

  it('gives a plain manager no away controls', async () => {
    renderHeads({ role: { kind: 'manager', groupId: 1 }, user: anna });
    await waitFor(() => expect(row(anna)).not.toBeNull());
    expect(document.querySelector('[data-fr-action="set-away"]')).toBeNull();
  });

  it('lets an admin choose the heads of each group and saves them', async () => {
    const admin = buildUser({ id: 1 as UserId, name: 'Админ', isAdmin: true, groupId: 1 as GroupId });
    const calls = renderHeads({ role: { kind: 'admin' }, user: admin });
    await waitFor(() => expect(document.querySelector('[data-fr-head="2:201"]')).not.toBeNull());
    expect((document.querySelector('[data-fr-head="1:7"]') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(document.querySelector('[data-fr-head="2:201"]') as Element);
    fireEvent.click(document.querySelector('[data-fr-head="1:7"]') as Element);
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(1));
    const body = calls.find((call) => call.method === 'PUT')?.body as { config: AccountConfig };
    expect(body.config.heads).toEqual([{ groupId: 2, userIds: [201] }]);
  });
});

describe('my availability (launcher)', () => {
  function renderMine(mine: ManagerAvailability) {
    let current = mine;
    const { service, calls } = scriptedService([
      on('GET', '/api/v1/availability', () => ({ body: { at: NOW, managers: [member(head, { kind: 'available' }), current] } })),
      on('POST', '/api/v1/availability/me', (request) => {
        const paused = (request.body as { paused: boolean }).paused;
        current = member(anna, paused ? { kind: 'self_paused', since: NOW, until: null } : { kind: 'available' });
        return { body: { at: NOW, managers: [current] } };
      }),
    ]);
    renderView(<MyAvailability />, { user: anna, managers: [head, anna], groups, service });
    return calls;
  }

  it('tells the manager who set them away and why, without a resume button', async () => {
    renderMine(member(anna, { kind: 'away', by: head.id, reason: 'Разбор звонков', until: null }, head.name));
    await waitFor(() => expect(document.querySelector('[data-fr-my-availability="away"]')).not.toBeNull());
    expect(screen.getByText('Set away by Ирина Руководитель: Разбор звонков')).toBeTruthy();
    expect(document.querySelector('[data-fr-action="resume"]')).toBeNull();
    expect(document.querySelector('[data-fr-action="pause"]')).toBeNull();
  });

  it('pauses and resumes the manager\'s own leads', async () => {
    const calls = renderMine(member(anna, { kind: 'available' }));
    await waitFor(() => expect(document.querySelector('[data-fr-action="pause"]')).not.toBeNull());
    fireEvent.click(document.querySelector('[data-fr-action="pause"]') as Element);
    await waitFor(() => expect(document.querySelector('[data-fr-my-availability="self_paused"]')).not.toBeNull());
    fireEvent.click(document.querySelector('[data-fr-action="resume"]') as Element);
    await waitFor(() => expect(document.querySelector('[data-fr-my-availability="available"]')).not.toBeNull());
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([{ paused: true }, { paused: false }]);
  });

  it('says plainly when the service cannot be reached', async () => {
    const { service } = scriptedService([on('GET', '/api/v1/availability', () => ({ status: 0, body: null }))]);
    renderView(<MyAvailability />, { user: anna, managers: [anna], service });
    await waitFor(() => expect(screen.getByText('Your availability is unknown: the service is unreachable.')).toBeTruthy());
  });
});
