import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupId, UserId } from '../../src/core/brand';
import type { DecisionLogResponse, ReceivedResponse } from '../../src/contract/distribution';
import DistributionView from '../../src/widget/features/admin-distribution/DistributionView';
import { periodOf } from '../../src/widget/features/admin-distribution/period';
import { amoWithPipelines, configResponse, on, renderView, SALES_PIPELINE, scriptedService } from './admin-fixtures';
import { buildUser } from './helpers/app-env';
import type { AccountConfig } from '../../src/contract/config';

afterEach(cleanup);

const head = buildUser({ id: 7 as UserId, name: 'Ирина', groupId: 1 as GroupId });
const anna = buildUser({ id: 101 as UserId, name: 'Анна', groupId: 1 as GroupId });
const boris = buildUser({ id: 102 as UserId, name: 'Борис', groupId: 1 as GroupId });

const LOG: DecisionLogResponse = {
  truncated: false,
  entries: [{
    id: 1, leadId: 5001, pipelineId: 10, at: '2026-11-23T08:15:00.000Z', trigger: 'new_lead', fromUserId: null,
    kind: 'assigned', userId: 102, why: 'round_robin', appliedAt: '2026-11-23T08:15:01.000Z',
    candidates: [
      { userId: 101 as UserId, status: 'skipped', reason: { code: 'in_focus' } },
      { userId: 7 as UserId, status: 'skipped', reason: { code: 'at_cap', cap: 30, load: 30 } },
      { userId: 102 as UserId, status: 'chosen' },
    ],
  }, {
    id: 2, leadId: 5002, pipelineId: 10, at: '2026-11-23T08:16:00.000Z', trigger: 'new_lead', fromUserId: null, kind: 'held',
    candidates: [{ userId: 101 as UserId, status: 'skipped', reason: { code: 'away', by: 7 as UserId, reason: 'обучение', until: null } }],
  }],
};
const RECEIVED: ReceivedResponse = {
  from: '', to: '', held: 1,
  managers: [{ userId: 102, total: 8, byReason: { sticky_owner: 0, round_robin: 8, least_loaded: 0, weighted: 0, on_duty: 0 }, fromGuard: 0 },
    { userId: 101, total: 2, byReason: { sticky_owner: 2, round_robin: 0, least_loaded: 0, weighted: 0, on_duty: 0 }, fromGuard: 1 }],
};

function setup(user = head) {
  const { service, calls } = scriptedService([
    on('GET', '/api/v1/config', () => ({ body: configResponse() })),
    on('PUT', '/api/v1/config', (request) => ({ body: { ...configResponse(), version: 4, config: (request.body as { config: AccountConfig }).config } })),
    on('GET', '/api/v1/distribution/log', () => ({ body: LOG })),
    on('GET', '/api/v1/distribution/received', () => ({ body: RECEIVED })),
  ]);
  renderView(<DistributionView />, { user, managers: [head, anna, boris], service, amo: amoWithPipelines([SALES_PIPELINE]) });
  const paths = (prefix: string) => calls.filter((call) => call.path.startsWith(prefix)).map((call) => call.path);
  return {
    logCalls: () => paths('/api/v1/distribution/log'), receivedCalls: () => paths('/api/v1/distribution/received'),
    saved: () => calls.filter((call) => call.method === 'PUT').map((call) => (call.body as { config: AccountConfig }).config.distribution),
  };
}

describe('distribution decision log', () => {
  it('renders every candidate with the reason they were skipped and who got the lead', async () => {
    const { logCalls } = setup();
    await waitFor(() => expect(document.querySelector('[data-fr-decision="1"]')).not.toBeNull());
    const first = document.querySelector('[data-fr-decision="1"]') as HTMLElement;
    expect(first.querySelector('[data-fr-decision-outcome]')?.textContent).toBe('Went to Борис (round robin)');
    expect([...first.querySelectorAll('[data-fr-candidate]')].map((item) => item.textContent)).toEqual([
      'Анна: in focus', 'Ирина: at cap 30 (holds 30)', 'Борис: got it',
    ]);
    const held = document.querySelector('[data-fr-decision="2"]') as HTMLElement;
    expect(held.querySelector('[data-fr-decision-outcome]')?.textContent).toContain('Held');
    expect(held.querySelector('[data-fr-candidate="101"]')?.textContent).toBe('Анна: set away by Ирина: обучение');
    // The default period: the last seven days in the account's zone (Moscow), today included.
    const week = periodOf({ from: '2026-11-17', to: '2026-11-23' }, 'Europe/Moscow');
    expect(logCalls()).toEqual([`/api/v1/distribution/log?from=${week?.from}&to=${week?.to}`]);
  });

  it('charts leads received per manager for the period', async () => {
    setup();
    await waitFor(() => expect(document.querySelector('[data-fr-received]')).not.toBeNull());
    expect(document.querySelector('[data-fr-received-total="102"]')?.textContent).toBe('8');
    expect(document.querySelector('[data-fr-received-total="101"]')?.textContent).toBe('2');
    const bar = (id: number) => (document.querySelector(`[data-fr-received-row="${id}"] .fr-bar`) as HTMLElement).style.width;
    expect(bar(102)).toBe('100%');
    expect(bar(101)).toBe('25%');
    expect(screen.getByText('1 via guard mode')).toBeTruthy();
  });

  it('searches one lead by id and rejects a malformed one at the field', async () => {
    const { logCalls, receivedCalls } = setup();
    await waitFor(() => expect(logCalls()).toHaveLength(1));
    const input = document.querySelector('[data-fr-input="leadId"]') as HTMLInputElement;
    fireEvent.input(input, { target: { value: '12x' } });
    fireEvent.click(screen.getByText('Show'));
    expect(document.querySelector('[data-fr-field-error="search"]')?.textContent).toBe('A lead id is a positive whole number.');
    expect(logCalls()).toHaveLength(1);
    fireEvent.input(input, { target: { value: '5001' } });
    fireEvent.click(screen.getByText('Show'));
    await waitFor(() => expect(logCalls().at(-1)).toBe('/api/v1/distribution/log?leadId=5001'));
    expect(receivedCalls()).toHaveLength(1);
  });
});

describe('distribution pools', () => {
  const admin = buildUser({ id: 1 as UserId, name: 'Админ', isAdmin: true });

  it('adds a weighted pool with participants, a cap, guard mode and an on-duty user, and saves it', async () => {
    const { saved } = setup(admin);
    await waitFor(() => expect(document.querySelector('[data-fr-add-pool]')).not.toBeNull());
    fireEvent.change(document.querySelector('[data-fr-add-pool]') as Element, { target: { value: '10' } });
    const pool = () => document.querySelector('[data-fr-pool="10"]') as HTMLElement;
    expect(pool().querySelector('legend')?.textContent).toBe('Продажи');
    fireEvent.change(pool().querySelector('[data-fr-input="mode"]') as Element, { target: { value: 'weighted' } });
    fireEvent.click(pool().querySelector('[data-fr-in-pool="101"]') as Element);
    fireEvent.click(pool().querySelector('[data-fr-in-pool="102"]') as Element);
    fireEvent.input(screen.getByLabelText('Weight of Анна'), { target: { value: '0' } });
    fireEvent.input(screen.getByLabelText('Weight of Борис'), { target: { value: '0' } });
    expect(pool().querySelector('[data-fr-field-error="participants"]')?.textContent).toBe('In weighted mode at least one participant needs a weight above 0.');
    fireEvent.input(screen.getByLabelText('Weight of Борис'), { target: { value: '2' } });
    fireEvent.input(screen.getByLabelText('Cap of Анна'), { target: { value: '30' } });
    fireEvent.click(pool().querySelector('[data-fr-input="guard"]') as Element);
    fireEvent.change(pool().querySelector('[data-fr-input="nobody"]') as Element, { target: { value: '7' } });
    fireEvent.click(pool().querySelector('[data-fr-webhook-stage="100"]') as Element);
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(saved()).toHaveLength(1));
    expect(saved()[0]?.pools).toEqual([{
      pipelineId: 10, mode: 'weighted', loadStatusIds: [], hours: null, stickyOwner: false, guard: true,
      participants: [{ userId: 101, weight: 0, cap: 30 }, { userId: 102, weight: 2, cap: null }],
      whenNobodyAvailable: { kind: 'on_duty', userId: 7 }, triggers: { digitalPipeline: true, dpStatusIds: [], webhookStatusIds: [100] },
    }]);
  });
});

describe('report periods', () => {
  it('uses account-time midnights, across the DST-free Moscow zone and a DST zone alike', () => {
    expect(periodOf({ from: '2026-11-17', to: '2026-11-23' }, 'Europe/Moscow')).toEqual({ from: Date.UTC(2026, 10, 16, 21), to: Date.UTC(2026, 10, 23, 21) });
    // Berlin leaves summer time on 25 Oct 2026: that day lasts 25 hours.
    expect(periodOf({ from: '2026-10-25', to: '2026-10-25' }, 'Europe/Berlin')).toEqual({ from: Date.UTC(2026, 9, 24, 22), to: Date.UTC(2026, 9, 25, 23) });
    expect(periodOf({ from: '2026-11-23', to: '2026-11-17' }, 'Europe/Moscow')).toBeNull();
  });
});
