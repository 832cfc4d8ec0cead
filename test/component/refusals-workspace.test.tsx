import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRefusalsApi } from '../../src/widget/features/refusals/api';
import { NO_FILTERS, selectVisibleReviews } from '../../src/widget/features/refusals/select-reviews';
import { Workspace } from '../../src/widget/features/refusals/Workspace';
import { ServiceError } from '../../src/widget/service-client';
import {
  buildDetail, buildItem, buildRefusalEnv, fakeCalls, MANAGER, NOW_S, OTHER_MANAGER, REASON_COMPETITOR, renderIn, STAGE_CLOSING,
} from './refusals-fixtures';
import { NOW } from '../support/time';


afterEach(cleanup);
const DAY = 86_400;

describe('the review queue, derived', () => {
  const items = [
    buildItem({ leadId: 1, value: 50_000, lostAt: NOW_S - 1 * DAY }),
    buildItem({ leadId: 2, value: 300_000, lostAt: NOW_S - 9 * DAY, managerId: OTHER_MANAGER.id }),
    buildItem({ leadId: 3, value: 120_000, lostAt: NOW_S - 5 * DAY, managerReasonId: null }),
  ];

  it('filters by manager, reason (including "no reason"), value and age', () => {
    const ids = (filters: Partial<typeof NO_FILTERS>) => selectVisibleReviews(items, { ...NO_FILTERS, ...filters }, 'oldest', NOW).map((i) => i.leadId);
    expect(ids({ managerId: OTHER_MANAGER.id })).toEqual([2]);
    expect(ids({ reasonId: 'none' })).toEqual([3]);
    expect(ids({ minValue: 100_000 })).toEqual([2, 3]);
    expect(ids({ minAgeDays: 5 })).toEqual([2, 3]);
  });

  it('sorts by loss date or value', () => {
    const order = (sort: Parameters<typeof selectVisibleReviews>[2]) => selectVisibleReviews(items, NO_FILTERS, sort, NOW).map((i) => i.leadId);
    expect(order('oldest')).toEqual([2, 3, 1]);
    expect(order('newest')).toEqual([1, 3, 2]);
    expect(order('value_desc')).toEqual([2, 3, 1]);
  });
});

describe('the service adapter', () => {
  it('turns 409 into a conflict and 422 into the core refusal, and pages through long queues', async () => {
    const calls = fakeCalls();
    calls.confirm.mockRejectedValueOnce(new ServiceError('http', 409, 'invalid_transition'));
    calls.returnToWork.mockRejectedValueOnce(new ServiceError('http', 422, 'advice_required'));
    const page = (n: number, from: number) => Array.from({ length: n }, (_, i) => buildItem({ leadId: from + i }));
    calls.listReviews.mockResolvedValueOnce({ items: page(200, 1), total: 230, counts: { pending: 220, reason_missing: 10 } })
      .mockResolvedValueOnce({ items: page(30, 201), total: 230, counts: { pending: 220, reason_missing: 10 } });
    const api = createRefusalsApi(calls);
    expect(await api.confirm('rv-1', {})).toEqual({ kind: 'conflict' });
    expect(await api.returnToWork('rv-1', { advice: 'x' })).toEqual({ kind: 'rejected', reason: 'advice_required' });
    const queue = await api.listUndecided();
    expect(queue.items).toHaveLength(230);
    expect(queue.counts).toEqual({ pending: 230, withProblems: 10 });
    expect(calls.listReviews.mock.calls.map(([q]) => q.offset)).toEqual([0, 200]);
  });

  it('reads the launcher counts with one small request', async () => {
    const calls = fakeCalls();
    calls.listReviews.mockResolvedValueOnce({ items: [buildItem({ leadId: 1 })], total: 230, counts: { pending: 220, reason_missing: 10, deal_deleted: 3 } });
    expect(await createRefusalsApi(calls).undecidedCounts()).toEqual({ pending: 230, withProblems: 13 });
    expect(calls.listReviews).toHaveBeenCalledTimes(1);
    expect(calls.listReviews.mock.calls[0]?.[0]).toMatchObject({ state: 'undecided', limit: 1 });
  });
});

describe('the review workspace', () => {
  const setup = (items = [buildItem({ leadId: 11 }), buildItem({ leadId: 12, managerId: OTHER_MANAGER.id, managerReasonId: REASON_COMPETITOR })]) => {
    const calls = fakeCalls(items);
    const env = buildRefusalEnv({ now: () => NOW, openLead: vi.fn() });
    renderIn(env, <Workspace api={createRefusalsApi(calls)} onClose={() => undefined} />);
    return { calls, env };
  };
  const openReview = async (leadId: number) => {
    fireEvent.click(await screen.findByText(`Сделка ${leadId}`));
    return screen.findByRole('article');
  };

  it('shows pending reviews with counts, and a filter narrows the list', async () => {
    setup();
    expect(await screen.findByText('Pending: 2 · shown: 2')).toBeTruthy();
    const manager = screen.getByLabelText('Manager') as HTMLSelectElement;
    fireEvent.change(manager, { target: { value: String(OTHER_MANAGER.id) } });
    await waitFor(() => expect(screen.getByText('Pending: 2 · shown: 1')).toBeTruthy());
    expect(screen.queryByText('Сделка 11')).toBeNull();
    expect(screen.getByText('Сделка 12')).toBeTruthy();
  });

  it('opens a review with its reason, stage lost from, path through stages, counts and notes', async () => {
    const { env } = setup();
    const article = await openReview(11);
    await waitFor(() => expect(within(article).getByText('Дорого')).toBeTruthy());
    expect(article.querySelector('[data-fr-fact="lost-from"]')?.textContent).toBe('Дожим');
    expect(article.querySelector('[data-fr-fact="manager"]')?.textContent).toBe(MANAGER.name);
    expect([...article.querySelectorAll('[data-fr-stage]')].map((s) => s.textContent)).toEqual(['КП отправлено: 4 d', 'Дожим: 3 d', 'Закрыто и не реализовано: 3 d']);
    expect(within(article).getByText('tasks: 4, notes: 2')).toBeTruthy();
    expect(within(article).getByText(/Клиент сказал/)).toBeTruthy();
    fireEvent.click(within(article).getByText('Open the deal'));
    expect(env.openLead).toHaveBeenCalledWith(11);
  });

  it('confirms a loss with the head\'s corrected reason and a comment, then moves to the next review', async () => {
    const { calls } = setup();
    calls.confirm.mockResolvedValueOnce({ review: buildDetail(buildItem({ leadId: 11 })).review });
    const article = await openReview(11);
    fireEvent.click(within(article).getByRole('button', { name: 'Confirm lost' }));
    fireEvent.change(within(article).getByLabelText("Head's reason (if the manager's is wrong)"), { target: { value: String(REASON_COMPETITOR) } });
    fireEvent.input(within(article).getByLabelText('Comment (optional)'), { target: { value: 'Really went to a competitor' } });
    fireEvent.submit(article.querySelector('[data-fr-form="confirm"]') as HTMLFormElement);
    await waitFor(() => expect(calls.confirm).toHaveBeenCalledWith('rv-11', { correctedReasonId: REASON_COMPETITOR, comment: 'Really went to a competitor' }));
    expect(await screen.findByText('Loss confirmed: Сделка 11')).toBeTruthy();
    expect(screen.getByText('Pending: 1 · shown: 1')).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('article').getAttribute('data-fr-review')).toBe('rv-12'));
  });

  it('will not return a deal without advice, and sends stage and responsible defaults as the service\'s own', async () => {
    const { calls } = setup();
    calls.returnToWork.mockResolvedValueOnce({ review: buildDetail(buildItem({ leadId: 11 })).review });
    const article = await openReview(11);
    fireEvent.click(within(article).getByRole('button', { name: 'Return to work' }));
    const form = article.querySelector('[data-fr-form="return"]') as HTMLFormElement;
    expect((within(form).getByLabelText('Stage') as HTMLSelectElement).value).toBe(`7001:${STAGE_CLOSING}`);
    expect((within(form).getByLabelText('Responsible') as HTMLSelectElement).value).toBe(String(MANAGER.id));
    fireEvent.submit(form);
    expect(await within(form).findByText('Write the advice: the manager needs to know what to do.')).toBeTruthy();
    expect(calls.returnToWork).not.toHaveBeenCalled();

    fireEvent.input(within(form).getByLabelText('Advice for the manager'), { target: { value: 'Offer the 3-month plan' } });
    fireEvent.submit(form);
    await waitFor(() => expect(calls.returnToWork).toHaveBeenCalledWith('rv-11', { advice: 'Offer the 3-month plan', pipelineId: 7001, statusId: STAGE_CLOSING }));
    expect(await screen.findByText('Returned to work: Сделка 11')).toBeTruthy();
  });

  it('shows the service\'s refusal on the form and a conflict when another head decided first', async () => {
    const { calls } = setup();
    calls.returnToWork.mockRejectedValueOnce(new ServiceError('http', 422, 'stage_unavailable'));
    calls.confirm.mockRejectedValueOnce(new ServiceError('http', 409, 'invalid_transition'));
    const article = await openReview(11);
    fireEvent.click(within(article).getByRole('button', { name: 'Return to work' }));
    fireEvent.input(within(article).getByLabelText('Advice for the manager'), { target: { value: 'Call again' } });
    fireEvent.submit(article.querySelector('[data-fr-form="return"]') as HTMLFormElement);
    expect(await within(article).findByText('That stage is no longer available.')).toBeTruthy();

    fireEvent.click(within(article).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(article).getByRole('button', { name: 'Confirm lost' }));
    fireEvent.submit(article.querySelector('[data-fr-form="confirm"]') as HTMLFormElement);
    expect(await screen.findByText(/This review has already changed: someone else decided it/)).toBeTruthy();
    await waitFor(() => expect(calls.listReviews).toHaveBeenCalledTimes(2));
  });

  it('says so when the service cannot be reached', async () => {
    const calls = fakeCalls();
    calls.listReviews.mockRejectedValueOnce(new ServiceError('network', 0, null));
    renderIn(buildRefusalEnv({ now: () => NOW }), <Workspace api={createRefusalsApi(calls)} onClose={() => undefined} />);
    expect(await screen.findByText('The service cannot be reached.')).toBeTruthy();
  });

  it('closes on Escape', async () => {
    const onClose = vi.fn();
    renderIn(buildRefusalEnv({ now: () => NOW }), <Workspace api={createRefusalsApi(fakeCalls())} onClose={onClose} />);
    fireEvent.keyDown(await screen.findByRole('dialog'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
