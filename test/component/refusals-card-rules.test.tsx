import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LeadId } from '../../src/core/brand';
import { defaultAccountConfig } from '../../src/service/config/schema';
import type { AccountConfig, ConfigResponse, ServiceClient } from '../../src/widget/service-client';
import CardSection from '../../src/widget/features/refusals/CardSection';
import RulesTab from '../../src/widget/features/refusals/RulesTab';
import { configResponse, scriptedService, versionedConfigRoutes } from './admin-fixtures';
import {
  buildItem, buildRefusalEnv, fakeCalls, HEAD, MANAGER, NOW_S, REASON_PRICE, renderIn,
} from './refusals-fixtures';

afterEach(cleanup);

type Calls = ReturnType<typeof fakeCalls>;

function serviceWith(calls: Calls, config: AccountConfig = defaultAccountConfig()): ServiceClient & { refusals: Calls } {
  const current: ConfigResponse = { version: 3, config, warnings: [], updatedAt: null };
  // Only what the refusal views call; the rest of the client (focus, …) is not theirs to touch.
  const partial = {
    me: vi.fn(async () => ({ account: { id: 31000001, subdomain: 'demo' }, user: { id: HEAD.id, name: HEAD.name }, role: { kind: 'head', groupIds: [1] } }) as never),
    getConfig: vi.fn(async () => current),
    saveConfig: vi.fn<ServiceClient['saveConfig']>(async (_version, saved) => ({ kind: 'saved', config: { ...current, version: 4, config: saved as AccountConfig } })),
    disconnect: vi.fn(async () => ({ status: 'disconnected' as const })),
    refusals: calls,
  };
  return partial as unknown as ServiceClient & { refusals: Calls; saveConfig: typeof partial.saveConfig };
}

describe('the refusal block in a lead card', () => {
  it('gives a head the review with both decisions on a lost deal under review', async () => {
    const item = buildItem({ leadId: 31 });
    const calls = fakeCalls([item]);
    calls.byLead.mockResolvedValue({ kind: 'review', review: item });
    renderIn(buildRefusalEnv({ service: serviceWith(calls) }), <CardSection leadId={31 as LeadId} />);
    const article = await screen.findByRole('article');
    expect(within(article).getByRole('button', { name: 'Confirm lost' })).toBeTruthy();
    expect(within(article).getByRole('button', { name: 'Return to work' })).toBeTruthy();
    expect(calls.byLead).toHaveBeenCalledWith(31);
  });

  it('shows the manager the head\'s advice on a returned deal, and no review actions', async () => {
    const calls = fakeCalls();
    calls.byLead.mockResolvedValue({ kind: 'advice', advice: 'Offer the 3-month plan', decidedAt: NOW_S, decidedBy: HEAD.id, state: 'returned' });
    renderIn(buildRefusalEnv({ user: MANAGER, service: serviceWith(calls) }), <CardSection leadId={32 as LeadId} />);
    expect(await screen.findByText('Offer the 3-month plan')).toBeTruthy();
    expect(screen.getByText(new RegExp(`Returned to work by ${HEAD.name}`))).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Return to work' })).toBeNull();
    expect(calls.getReview).not.toHaveBeenCalled();
  });

  it('draws nothing for a deal without a review', async () => {
    const calls = fakeCalls();
    const { container } = renderIn(buildRefusalEnv({ user: MANAGER, service: serviceWith(calls) }), <CardSection leadId={33 as LeadId} />);
    await waitFor(() => expect(calls.byLead).toHaveBeenCalled());
    await waitFor(() => expect(container.querySelector('.fr-loading')).toBeNull());
    expect(container.textContent).toBe('');
  });
});

describe('the refusal rules editor', () => {
  const withRule = (overrides: Partial<AccountConfig['refusals']['rules'][number]>): AccountConfig => {
    const config = defaultAccountConfig();
    config.refusals.rules = [{
      id: 'rule-1', name: 'Дорогие отказы', enabled: true, pipelineIds: [], lossReasonIds: [REASON_PRICE], includeDealsWithoutReason: false,
      minValue: null, managerIds: [], groupIds: [], samplingPercent: 100, groupReviewers: [{ groupId: 1, reviewerId: HEAD.id }],
      fallbackReviewerId: null, taskTypeId: 1, due: { kind: 'within_working_hours', hours: 8 }, taskText: 'Проверить {deal}: {reason}, {value}',
      ...overrides,
    }];
    return config;
  };

  it('shows a field-level message and does not save a rule with errors', async () => {
    const service = serviceWith(fakeCalls(), withRule({}));
    renderIn(buildRefusalEnv({ service, user: { ...HEAD, isAdmin: true } }), <RulesTab />);
    const name = await screen.findByLabelText('Name');
    fireEvent.input(name, { target: { value: '  ' } });
    fireEvent.input(screen.getByLabelText('Sampling, % of matching deals'), { target: { value: '150' } });
    expect(screen.getByText('Required.')).toBeTruthy();
    expect(screen.getByText('Out of range.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Fix the errors marked on the rules first.')).toBeTruthy();
    expect(service.saveConfig).not.toHaveBeenCalled();
  });

  it('warns on the rule about a loss reason removed in amoCRM and previews the task text', async () => {
    renderIn(buildRefusalEnv({ service: serviceWith(fakeCalls(), withRule({ lossReasonIds: [REASON_PRICE, 999] })) }), <RulesTab />);
    expect(await screen.findByText('#999 no longer exists in amoCRM.')).toBeTruthy();
    const rule = document.querySelector('[data-fr-rule="rule-1"]') as HTMLElement;
    expect(rule.getAttribute('data-fr-rule-warnings')).toBe('1');
    expect(rule.querySelector('[data-fr-preview]')?.textContent).toBe('Проверить Office chairs, 12 pcs: Дорого, 150,000');
  });

  it('has one Save for the tab, which saves the rules and then the advice templates (not two save buttons)', async () => {
    const service = serviceWith(fakeCalls(), withRule({}));
    renderIn(buildRefusalEnv({ service }), <RulesTab />);
    fireEvent.input(await screen.findByLabelText('Minimum value'), { target: { value: '50000' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Add a template' }));
    fireEvent.input(screen.getByLabelText('Title of template 1'), { target: { value: 'Рассрочка' } });
    fireEvent.input(screen.getByLabelText('Text of template 1'), { target: { value: 'Предложите рассрочку' } });
    const saves = screen.getAllByRole('button').filter((button) => /^(Save|Save rules)$/.test(button.textContent ?? ''));
    expect(saves).toHaveLength(1);
    fireEvent.click(saves[0]!);
    expect(await screen.findByText('Saved.')).toBeTruthy();
    await waitFor(() => expect(service.saveConfig).toHaveBeenCalledTimes(2));
    const [, rules] = vi.mocked(service.saveConfig).mock.calls[0] ?? [];
    const [, templates] = vi.mocked(service.saveConfig).mock.calls[1] ?? [];
    expect(rules?.refusals?.rules?.[0]).toMatchObject({ minValue: 50_000 });
    expect(templates?.refusals?.adviceTemplates).toMatchObject([{ title: 'Рассрочка', text: 'Предложите рассрочку' }]);
  });

  it('saves the edited rules on top of the version it started from', async () => {
    const service = serviceWith(fakeCalls(), withRule({}));
    renderIn(buildRefusalEnv({ service }), <RulesTab />);
    fireEvent.input(await screen.findByLabelText('Minimum value'), { target: { value: '50000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    const [version, saved] = vi.mocked(service.saveConfig).mock.calls[0] ?? [];
    expect(version).toBe(3);
    expect(saved?.refusals?.rules?.[0]).toMatchObject({ id: 'rule-1', minValue: 50_000, lossReasonIds: [REASON_PRICE] });
  });
});

describe('the refusals tab saved more than once', () => {
  it('saves again after a Save that also wrote the templates, without a conflict nobody caused', async () => {
    const { state, routes } = versionedConfigRoutes(configResponse((config) => ({ ...config, refusals: { ...config.refusals, rules: [] } })));
    const { service, calls } = scriptedService(routes);
    renderIn(buildRefusalEnv({ user: { ...HEAD, isAdmin: true }, service }), <RulesTab />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add a template' }));
    fireEvent.input(screen.getByLabelText('Title of template 1'), { target: { value: 'Рассрочка' } });
    fireEvent.input(screen.getByLabelText('Text of template 1'), { target: { value: 'Предложите рассрочку' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    await waitFor(() => expect(state.current.config.refusals.adviceTemplates).toHaveLength(1));

    // The same admin edits and saves again: the rules go onto the document the templates' save left.
    fireEvent.input(screen.getByLabelText('Title of template 1'), { target: { value: 'Рассрочка на год' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(4));
    await waitFor(() => expect(state.current.config.refusals.adviceTemplates[0]?.title).toBe('Рассрочка на год'));
    expect(document.querySelector('[data-fr-save-state="conflict"]')).toBeNull();
    expect(screen.getByText('Saved.')).toBeTruthy();
  });
});
