/**
 * The head's Team place (issue 9, item 9): opened from the launcher panel, it shows the head's
 * groups' availability with set away / bring back, and their groups' decision log and leads
 * received — the reads the service scopes to the head's groups.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GroupId, UserId } from '../../src/core/brand';
import type { ManagerAvailability } from '../../src/contract/focus';
import { LAUNCHER_SECTIONS } from '../../src/widget/features/launcher/sections';
import { on, renderView, scriptedService } from './admin-fixtures';
import { buildUser } from './helpers/app-env';
import { NOW } from '../support/time';

afterEach(cleanup);
// The entry is a lazy chunk that pulls in the availability and distribution views: transform it
// once up front, so the tests time what the views do, not the first import on a loaded machine.
beforeAll(async () => { await import('../../src/widget/features/team/TeamLauncherEntry'); }, 60_000);

const head = buildUser({ id: 7 as UserId, name: 'Ирина Руководитель', groupId: 1 as GroupId });
const anna = buildUser({ id: 101 as UserId, name: 'Анна', groupId: 1 as GroupId });
const oleg = buildUser({ id: 201 as UserId, name: 'Олег', groupId: 2 as GroupId });
const groups = [{ id: 1 as GroupId, name: 'Отдел 1' }, { id: 2 as GroupId, name: 'Отдел 2' }];
const member = (user: typeof anna, availability: ManagerAvailability['availability']): ManagerAvailability =>
  ({ userId: user.id, name: user.name, availability, setByName: null });

async function renderLauncherSection(role: unknown, user = head) {
  const team = [member(head, { kind: 'available' }), member(anna, { kind: 'available' }), member(oleg, { kind: 'available' })];
  const { service, calls } = scriptedService([
    on('GET', '/api/v1/me', () => ({ body: { account: { id: 31000001, subdomain: 'demo' }, user: { id: user.id, name: user.name }, role } })),
    on('GET', '/api/v1/availability', () => ({ body: { at: NOW, managers: team } })),
    on('POST', '/api/v1/availability/101', () => ({ body: { at: NOW, managers: [member(anna, { kind: 'away', by: head.id, reason: 'Обучение', until: null })] } })),
    on('GET', '/api/v1/distribution/log', () => ({ body: { entries: [{
      id: 1, leadId: 5001, pipelineId: 10, at: new Date(NOW - 3_600_000).toISOString(), trigger: 'new_lead', fromUserId: null,
      kind: 'assigned', userId: anna.id, why: 'round_robin', candidates: [{ userId: anna.id, status: 'chosen' }], appliedAt: null,
    }], truncated: false } })),
    on('GET', '/api/v1/distribution/received', () => ({ body: { from: '', to: '', managers: [{ userId: anna.id, total: 1, byReason: { round_robin: 1 }, fromGuard: 0 }], held: 0 } })),
  ]);
  const section = LAUNCHER_SECTIONS.find((s) => s.id === 'team');
  expect(section, 'a Team entry in the launcher panel').toBeDefined();
  const Entry = await section!.load();
  renderView(<Entry close={() => undefined} />, { user, managers: [head, anna, oleg], groups, service }, 'ru');
  return calls;
}

describe('the head\'s Team place', () => {
  it('opens from the launcher with the head\'s group only: availability, set away, decision log and leads received', async () => {
    const calls = await renderLauncherSection({ kind: 'head', groupIds: [1] });
    const open = await screen.findByRole('button', { name: 'Команда' });
    fireEvent.click(open);
    const place = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('[data-fr-team-place]');
      expect(found).not.toBeNull();
      return found!;
    });
    await waitFor(() => expect(place.querySelector(`[data-fr-team-member="${anna.id}"]`)).not.toBeNull());
    // Another group's manager is not part of this head's team.
    expect(place.querySelector(`[data-fr-team-member="${oleg.id}"]`)).toBeNull();
    expect(place.querySelector(`[data-fr-team-member="${anna.id}"] [data-fr-action="set-away"]`)).not.toBeNull();

    fireEvent.click(place.querySelector(`[data-fr-team-member="${anna.id}"] [data-fr-action="set-away"]`)!);
    fireEvent.input(screen.getByLabelText('Причина, почему Анна отстранён(а)'), { target: { value: 'Обучение' } });
    fireEvent.submit(place.querySelector(`[data-fr-team-member="${anna.id}"] form`)!);
    await waitFor(() => expect(place.querySelector(`[data-fr-team-member="${anna.id}"] [data-fr-action="bring-back"]`)).not.toBeNull());

    fireEvent.click(screen.getByRole('tab', { name: 'Распределение' }));
    await waitFor(() => expect(place.querySelector('[data-fr-decision="1"]')).not.toBeNull());
    expect(place.querySelector(`[data-fr-received-total="${anna.id}"]`)?.textContent).toBe('1');
    expect(calls.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual(expect.arrayContaining([
      'POST /api/v1/availability/101', 'GET /api/v1/distribution/log', 'GET /api/v1/distribution/received',
    ]));
  });

  it('is not offered to managers', async () => {
    await renderLauncherSection({ kind: 'manager' }, anna);
    await waitFor(() => expect(document.querySelector('[data-fr-team-launcher]')).toBeNull());
    await new Promise((done) => setTimeout(done, 20));
    expect(screen.queryByRole('button', { name: 'Команда' })).toBeNull();
  });
});
