/**
 * Issue 9, item 10: what admin and head views printed that amoCRM would not — each a test that
 * failed on the code before the fix. Layout defects (clipped select, truncated stage path, a
 * select over a field label, detached checkbox labels, narrow textareas) are judged in Chromium by
 * test/e2e/view-check.e2e.ts, which sees real boxes.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PipelineId, StatusId, UnixSeconds } from '../../src/core/brand';
import { DistributionReports } from '../../src/widget/features/admin-distribution/DistributionReports';
import { AppEnvContext, type AppEnv } from '../../src/widget/features/app-env';
import { createRefusalsApi } from '../../src/widget/features/refusals/api';
import { OutcomeBars } from '../../src/widget/features/refusals/OutcomeBars';
import { ReturnForm } from '../../src/widget/features/refusals/ReturnForm';
import { StageTimeline } from '../../src/widget/features/refusals/StageTimeline';
import { Workspace } from '../../src/widget/features/refusals/Workspace';
import { createTranslator } from '../../src/widget/i18n';
import { UiContext } from '../../src/widget/ui/context';
import type { DateFormatSettings } from '../../src/widget/ui/format';
import { buildDetail, buildItem, buildRefusalEnv, fakeCalls, MANAGER, NOW_S, PIPELINE, STAGE_CLOSING } from './refusals-fixtures';
import { LANGS } from './fake-host';
import { buildLead, createFakeCrm } from './helpers/fake-crm';
import { NOW } from '../support/time';

afterEach(cleanup);

const RU: DateFormatSettings = { language: 'ru', timeZone: 'Europe/Moscow', currency: 'RUB' };

function renderRu(env: AppEnv, children: ComponentChildren, dates: DateFormatSettings = RU) {
  return render(
    <UiContext.Provider value={{ t: createTranslator(LANGS.ru), dates }}>
      <AppEnvContext.Provider value={env}>{children}</AppEnvContext.Provider>
    </UiContext.Provider>,
  );
}

const names = {
  user: () => null, reason: () => null, pipeline: () => 'Продажи',
  status: (_p: number, id: number | null) => (id === STAGE_CLOSING ? 'Дожим' : id === 143 ? 'Закрыто и не реализовано' : null),
};

describe('item 10: what the admin and head views print', () => {
  it('writes days in a stage with the language\'s decimal mark («7,5 дн.», not «7.5 дн.»)', () => {
    renderRu(buildRefusalEnv(), <StageTimeline names={names} path={[
      { pipelineId: PIPELINE as PipelineId, statusId: STAGE_CLOSING as StatusId, enteredAt: 0 as UnixSeconds, leftAt: 1 as UnixSeconds, days: 7.5 },
    ]} />);
    expect(document.querySelector('[data-fr-stage]')?.textContent).toBe('Дожим: 7,5 дн.');
  });

  it('says «сегодня» for a deal lost today, not «0 дн. назад»', async () => {
    const calls = fakeCalls([buildItem({ leadId: 11, lostAt: NOW_S - 60, ageDays: 0 })]);
    renderRu(buildRefusalEnv({ now: () => NOW }), <Workspace api={createRefusalsApi(calls)} onClose={() => undefined} />);
    const item = await screen.findByText('Сделка 11');
    const text = item.closest('button')?.textContent ?? '';
    expect(text).toContain('сегодня');
    expect(text).not.toMatch(/0 дн\. назад/);
  });

  it('names the stage a backfilled deal was lost from after its stage path, and lists notes newest first', async () => {
    const item = buildItem({ leadId: 11, lostFromStatusId: null });
    const calls = fakeCalls([item]);
    const detail = buildDetail(item);
    calls.getReview.mockResolvedValue({
      ...detail,
      recentNotes: [
        { id: 1, text: 'Первая заметка', createdAt: NOW_S - 5 * 86_400, createdBy: MANAGER.id },
        { id: 2, text: 'Последняя заметка', createdAt: NOW_S - 86_400, createdBy: MANAGER.id },
      ],
    });
    renderRu(buildRefusalEnv({ now: () => NOW }), <Workspace api={createRefusalsApi(calls)} onClose={() => undefined} />);
    fireEvent.click(await screen.findByText('Сделка 11'));
    const article = await screen.findByRole('article');
    await waitFor(() => expect(article.querySelector('[data-fr-fact="lost-from"]')?.textContent).toBe('Дожим'));
    const notes = [...article.querySelectorAll('.fr-rf-notes li')].map((li) => li.textContent ?? '');
    expect(notes.map((n) => n.includes('Последняя') ? 'last' : 'first')).toEqual(['last', 'first']);
  });

  it('shows recovered deals with their value in the account\'s currency, and no «0 · 0»', () => {
    const row = (key: string, recovered: number, recoveredValue: number) => ({
      key, label: key, reviewed: 4, confirmed: 1, returned: 3, returnRate: 0.75, recovered, recoveredValue, lostAgain: 0, inWork: 3 - recovered,
    });
    renderRu(buildRefusalEnv(), <OutcomeBars title="По причинам" rows={[row('a', 0, 0), row('b', 2, 300_000)]} />);
    expect(document.querySelector('[data-fr-recovered="a"]')?.textContent).toBe('0');
    expect(document.querySelector('[data-fr-recovered="b"]')?.textContent?.replace(/\s/g, ' ')).toBe('2 · 300 000 ₽');
  });

  it('names the account\'s time zone in words, not «Europe/Moscow», and asks for the day as dd.mm.yyyy', () => {
    const item = buildItem({ leadId: 11 });
    const { review } = buildDetail(item);
    renderRu(buildRefusalEnv(), <ReturnForm review={review} catalog={{ pipelines: [], reasons: [], users: [], groups: [], taskTypes: [] }}
      templates={[]} onReturn={vi.fn()} onCancel={() => undefined} />);
    const hint = document.querySelector('[data-fr-due-hint]')?.textContent ?? '';
    expect(hint).not.toContain('Europe/Moscow');
    expect(hint).toContain('Москва');
    expect(document.querySelector('input[type="datetime-local"], input[type="date"]')).toBeNull();
    expect((document.querySelector('[data-fr-input="due-day"]') as HTMLInputElement | null)?.placeholder).toBe('дд.мм.гггг');
  });

  it('labels the lead search «Номер сделки» (no «Сделка #{id}») and takes days as dd.mm.yyyy', async () => {
    const distribution = {
      getLeadLog: vi.fn(), getLog: vi.fn(async (_period: { from: number; to: number }) => ({ entries: [], truncated: false })),
      getReceived: vi.fn(async () => ({ from: '', to: '', managers: [], held: 0 })), getPools: vi.fn(), getWarnings: vi.fn(),
    };
    renderRu(buildRefusalEnv({ now: () => NOW }), <DistributionReports calls={distribution as never} />);
    const form = document.querySelector('.fr-reports form') as HTMLElement;
    expect(form.textContent).not.toContain('{id}');
    expect(within(form).getByText(/Номер сделки/)).toBeTruthy();
    expect(form.querySelector('input[type="date"]')).toBeNull();
    expect((form.querySelector('[data-fr-input="from"]') as HTMLInputElement).value).toBe('17.11.2026');
    fireEvent.input(form.querySelector('[data-fr-input="from"]') as HTMLInputElement, { target: { value: '20.11.2026' } });
    fireEvent.submit(form);
    await waitFor(() => expect(distribution.getLog).toHaveBeenCalledTimes(2));
    expect(distribution.getLog.mock.calls[1]?.[0]).toEqual({ from: Date.UTC(2026, 10, 19, 21), to: Date.UTC(2026, 10, 23, 21) });
  });

  it('names the deals in the decision log as amoCRM does, not «Сделка #5001»', async () => {
    const entry = {
      id: 1, leadId: 5001, pipelineId: 10, at: new Date(NOW - 3_600_000).toISOString(), trigger: 'new_lead', fromUserId: null,
      kind: 'assigned', userId: MANAGER.id, why: 'round_robin', candidates: [{ userId: MANAGER.id, status: 'chosen' }], appliedAt: null,
    };
    const distribution = {
      getLeadLog: vi.fn(), getLog: vi.fn(async () => ({ entries: [entry], truncated: false })),
      getReceived: vi.fn(async () => ({ from: '', to: '', managers: [], held: 0 })),
    };
    const openLead = vi.fn();
    // 5002 is not in the log: only the logged deals are asked for.
    const crm = createFakeCrm([buildLead({ id: 5001, name: 'ООО «Ромашка» — поставка', responsible: MANAGER.id }), buildLead({ id: 5002, name: 'Другая' })]);
    renderRu(buildRefusalEnv({ now: () => NOW, amo: crm.amo, openLead }), <DistributionReports calls={distribution as never} />);
    const decision = await waitFor(() => {
      const found = document.querySelector('[data-fr-decision="1"]');
      expect(found?.textContent).toContain('ООО «Ромашка» — поставка');
      return found as HTMLElement;
    });
    expect(decision.textContent).not.toMatch(/#5001/);
    expect(crm.calls).toEqual(['LIST /api/v4/leads']);
    fireEvent.click(decision.querySelector('[data-fr-open-lead="5001"]') as Element);
    expect(openLead).toHaveBeenCalledWith(5001);
  });
});
