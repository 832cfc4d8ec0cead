import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupId, UserId } from '../../src/core/brand';
import { distributionSectionSchema } from '../../src/service/config/sections/distribution';
import DistributionView from '../../src/widget/features/admin-distribution/DistributionView';
import { newPool } from '../../src/widget/features/admin-distribution/pools-draft';
import { amoWithPipelines, configResponse, on, renderView, SALES_PIPELINE, scriptedService } from './admin-fixtures';
import { buildUser } from './helpers/app-env';
import type { AccountConfig } from '../../src/contract/config';

afterEach(cleanup);

const admin = buildUser({ id: 1 as UserId, name: 'Админ', isAdmin: true });
const anna = buildUser({ id: 101 as UserId, name: 'Анна', groupId: 1 as GroupId });
const boris = buildUser({ id: 102 as UserId, name: 'Борис', groupId: 1 as GroupId });

const withSalesPool = (config: AccountConfig): AccountConfig => ({
  ...config, distribution: { ...config.distribution, pools: [{ ...newPool(10), participants: [{ userId: 101, weight: 1, cap: null }] }] },
});

function setup() {
  const { service, calls } = scriptedService([
    on('GET', '/api/v1/config', () => ({ body: configResponse(withSalesPool) })),
    on('PUT', '/api/v1/config', (request) => ({ body: { ...configResponse(), version: 4, config: (request.body as { config: AccountConfig }).config } })),
    on('GET', '/api/v1/distribution/log', () => ({ body: { truncated: false, entries: [] } })),
    on('GET', '/api/v1/distribution/received', () => ({ body: { from: '', to: '', held: 0, managers: [] } })),
  ]);
  renderView(<DistributionView />, { user: admin, managers: [admin, anna, boris], service, amo: amoWithPipelines([SALES_PIPELINE]) });
  return { saved: () => calls.filter((call) => call.method === 'PUT').map((call) => (call.body as { config: AccountConfig }).config.distribution) };
}

const pool = () => document.querySelector('[data-fr-pool="10"]') as HTMLElement;
const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.input(input(label), { target: { value } });
const errorAt = (field: string) => document.querySelector(`[data-fr-field-error="${field}"]`)?.textContent;

async function poolHoursOn(): Promise<void> {
  await waitFor(() => expect(pool()?.querySelector('legend')?.textContent).toBe('Продажи'));
  fireEvent.click(pool().querySelector('[data-fr-input="restrictHours"]') as Element);
}

describe('distribution working hours and load stages', () => {
  it('edits pool hours, manager hours and load stages, and saves them as the service schema expects', async () => {
    const { saved } = setup();
    await poolHoursOn();
    type('Monday from, block 1 (Продажи)', '10:00');
    type('Monday to, block 1 (Продажи)', '14:00');
    fireEvent.click(pool().querySelector('[data-fr-day="1"] [data-fr-action="add-interval"]') as Element);
    type('Monday from, block 2 (Продажи)', '15:00');
    type('Monday to, block 2 (Продажи)', '19:30');
    fireEvent.click(screen.getByText('Copy Monday to Tuesday–Friday'));
    fireEvent.click(pool().querySelector('[data-fr-day-on="5"]') as Element);
    fireEvent.click(pool().querySelector('[data-fr-day-on="6"]') as Element);
    type('Saturday to, block 1 (Продажи)', '24:00');
    type('Holiday date (Продажи)', '2027-01-07');
    fireEvent.click(pool().querySelector('[data-fr-action="add-holiday"]') as Element);
    type('Holiday date (Продажи)', '2027-01-01');
    fireEvent.click(pool().querySelector('[data-fr-action="add-holiday"]') as Element);
    fireEvent.click(pool().querySelector('[data-fr-load-stage="101"]') as Element);
    fireEvent.click(pool().querySelector('[data-fr-load-stage="102"]') as Element);
    fireEvent.change(document.querySelector('[data-fr-add-manager-hours]') as Element, { target: { value: '102' } });
    const borisHours = () => document.querySelector('[data-fr-manager-hours-of="102"]') as HTMLElement;
    for (const day of ['2', '3', '4', '5']) fireEvent.click(borisHours().querySelector(`[data-fr-day-on="${day}"]`) as Element);
    type('Monday to, block 1 (Борис)', '13:00');
    expect(document.querySelector('[data-fr-field-error]')).toBeNull();

    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(saved()).toHaveLength(1));
    const section = saved()[0];
    const monday = [{ start: 600, end: 840 }, { start: 900, end: 1170 }];
    expect(section?.pools[0]?.hours).toEqual({
      days: { 1: monday, 2: monday, 3: monday, 4: monday, 6: [{ start: 540, end: 1440 }] },
      holidays: ['2027-01-01', '2027-01-07'],
    });
    expect(section?.pools[0]?.loadStatusIds).toEqual([101, 102]);
    expect(section?.managerHours).toEqual([{ userId: 102, hours: { days: { 1: [{ start: 540, end: 780 }] }, holidays: [] } }]);
    // What the widget sent is what the service accepts.
    expect(distributionSectionSchema.safeParse(section).success).toBe(true);
  });

  it('shows a message at the interval that ends before it starts, overlaps or is malformed, and blocks saving', async () => {
    const { saved } = setup();
    await poolHoursOn();
    type('Monday to, block 1 (Продажи)', '08:00');
    expect(errorAt('to-1-0')).toBe('Must end after it starts.');
    fireEvent.click(screen.getByText('Save'));
    expect(await screen.findByText('Fix the marked fields and save again.')).toBeTruthy();

    type('Monday to, block 1 (Продажи)', '18:00');
    expect(errorAt('to-1-0')).toBeUndefined();
    fireEvent.click(pool().querySelector('[data-fr-day="1"] [data-fr-action="add-interval"]') as Element);
    type('Monday from, block 2 (Продажи)', '17:00');
    expect(errorAt('day-1')).toBe('Blocks of this day overlap.');
    type('Monday from, block 2 (Продажи)', '9:5');
    expect(errorAt('day-1')).toBeUndefined();
    expect(errorAt('from-1-1')).toBe('Enter a time as HH:MM (00:00–24:00).');
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(document.querySelector('[data-fr-save="invalid"]')).not.toBeNull());
    expect(saved()).toEqual([]);

    fireEvent.click(pool().querySelector('[data-fr-day="1"] [data-fr-action="remove-interval"]') as Element);
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(saved()).toHaveLength(1));
    expect(saved()[0]?.pools[0]?.hours?.days[1]).toEqual([{ start: 540, end: 1080 }]);
  });
});
