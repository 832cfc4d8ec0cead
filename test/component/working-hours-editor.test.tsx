/**
 * One working-hours editor for the three settings sections (issue 12 item 1): the same clicks in
 * focus, distribution and refusals save the same shape — the one the service's schema reads.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupId, UserId } from '../../src/core/brand';
import { workingHoursSchema } from '../../src/service/config/sections/working-hours';
import DistributionView from '../../src/widget/features/admin-distribution/DistributionView';
import { newPool } from '../../src/widget/features/admin-distribution/pools-draft';
import FocusFiltersView from '../../src/widget/features/admin-focus/FocusFiltersView';
import RulesTab from '../../src/widget/features/refusals/RulesTab';
import { amoWithPipelines, configResponse, on, renderView, SALES_PIPELINE, scriptedService } from './admin-fixtures';
import { buildUser } from './helpers/app-env';
import { buildRefusalEnv, renderIn } from './refusals-fixtures';
import type { AccountConfig } from '../../src/contract/config';

afterEach(cleanup);

const admin = buildUser({ id: 1 as UserId, name: 'Админ', isAdmin: true, groupId: 1 as GroupId });
const anna = buildUser({ id: 101 as UserId, name: 'Анна', groupId: 1 as GroupId });

interface Section {
  name: string;
  /** Whose hours the input labels name. */
  owner: string;
  /** The account configuration the view starts from. */
  start(config: AccountConfig): AccountConfig;
  render(service: ReturnType<typeof scriptedService>['service']): void;
  /** Hours are optional in this section: switch them on first. */
  optional: boolean;
  hoursOf(config: AccountConfig): unknown;
}

const adminView = (view: ComponentChildren) => (service: ReturnType<typeof scriptedService>['service']) => {
  renderView(view, { user: admin, managers: [admin, anna], service, amo: amoWithPipelines([SALES_PIPELINE]) });
};

const SECTIONS: Section[] = [
  {
    name: 'focus', owner: 'Working hours', optional: true, start: (config) => config,
    render: adminView(<FocusFiltersView />), hoursOf: (config) => config.focus.schedule,
  },
  {
    name: 'distribution', owner: 'Продажи', optional: true,
    start: (config) => ({ ...config, distribution: { ...config.distribution, pools: [{ ...newPool(10), participants: [{ userId: 101, weight: 1, cap: null }] }] } }),
    render: adminView(<DistributionView />), hoursOf: (config) => config.distribution.pools[0]?.hours,
  },
  {
    name: 'refusals', owner: 'refusal reviews', optional: false, start: (config) => config,
    render: (service) => { renderIn(buildRefusalEnv({ user: admin, service }), <RulesTab />); },
    hoursOf: (config) => config.refusals.schedule,
  },
];

function serve(section: Section) {
  const current = configResponse(section.start);
  const { service, calls } = scriptedService([
    on('GET', '/api/v1/config', () => ({ body: current })),
    on('PUT', '/api/v1/config', (request) => ({ body: { ...current, version: current.version + 1, config: (request.body as { config: AccountConfig }).config } })),
    on('GET', '/api/v1/distribution/log', () => ({ body: { truncated: false, entries: [] } })),
    on('GET', '/api/v1/distribution/received', () => ({ body: { from: '', to: '', held: 0, managers: [] } })),
  ]);
  section.render(service);
  return { savedConfigs: () => calls.filter((call) => call.method === 'PUT').map((call) => (call.body as { config: AccountConfig }).config) };
}

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });
const hoursBlock = (owner: string) => document.querySelector(`[data-fr-hours="${owner}"]`) as HTMLElement;

const MONDAY = [{ start: 600, end: 840 }, { start: 900, end: 1170 }];

describe.each(SECTIONS)('working hours in the $name settings', (section) => {
  it('edits days, two blocks with a break and a holiday, and saves the one shape', async () => {
    const { savedConfigs } = serve(section);
    if (section.optional) {
      const restrict = await waitFor(() => {
        const found = document.querySelector('[data-fr-optional-hours] [data-fr-input="restrictHours"]');
        expect(found).not.toBeNull();
        return found as Element;
      });
      fireEvent.click(restrict);
    }
    await waitFor(() => expect(hoursBlock(section.owner)).not.toBeNull());
    const owner = section.owner;
    type(`Monday from, block 1 (${owner})`, '10:00');
    type(`Monday to, block 1 (${owner})`, '14:00');
    fireEvent.click(hoursBlock(owner).querySelector('[data-fr-day="1"] [data-fr-action="add-interval"]') as Element);
    type(`Monday from, block 2 (${owner})`, '15:00');
    type(`Monday to, block 2 (${owner})`, '19:30');
    fireEvent.click(hoursBlock(owner).querySelector('[data-fr-action="copy-monday"]') as Element);
    fireEvent.click(hoursBlock(owner).querySelector('[data-fr-day-on="5"]') as Element);
    type(`Holiday date (${owner})`, '2027-01-07');
    fireEvent.click(hoursBlock(owner).querySelector('[data-fr-action="add-holiday"]') as Element);
    expect(document.querySelector('[data-fr-field-error]')).toBeNull();

    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[0] as Element);
    const expected = { days: { 1: MONDAY, 2: MONDAY, 3: MONDAY, 4: MONDAY }, holidays: ['2027-01-07'] };
    // Refusals save the rules first, then the hours onto the latest document: the last save counts.
    await waitFor(() => expect(savedConfigs().map(section.hoursOf).at(-1)).toEqual(expected));
    const hours = savedConfigs().map(section.hoursOf).at(-1);
    // What the widget sent is what the service reads.
    expect(workingHoursSchema.parse(hours)).toEqual(hours);
  }, 30_000);

  it('marks a time that is no HH:MM at its field and does not save it', async () => {
    const { savedConfigs } = serve(section);
    if (section.optional) {
      await waitFor(() => expect(document.querySelector('[data-fr-optional-hours] [data-fr-input="restrictHours"]')).not.toBeNull());
      fireEvent.click(document.querySelector('[data-fr-optional-hours] [data-fr-input="restrictHours"]') as Element);
    }
    await waitFor(() => expect(hoursBlock(section.owner)).not.toBeNull());
    type(`Tuesday to, block 1 (${section.owner})`, '18h');
    expect(document.querySelector('[data-fr-field-error="to-2-0"]')?.textContent).toBe('Enter a time as HH:MM (00:00–24:00).');
    expect((screen.getByLabelText(`Tuesday to, block 1 (${section.owner})`) as HTMLInputElement).value).toBe('18h');
    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[0] as Element);
    await waitFor(() => expect(document.querySelector('[data-fr-save="invalid"]')).not.toBeNull());
    expect(savedConfigs().map(section.hoursOf).filter((hours) => JSON.stringify(hours).includes('null'))).toEqual([]);
  }, 30_000);
});
