/**
 * Issue 9, items 2–6: the manager's focus panel as a new user first meets it. The scripted amoCRM
 * (helpers/fake-crm) keeps `closest_task_at` the way amoCRM does — the NEAREST open task, overdue
 * ones included — answers 403 for a lead given to someone else, and can fail a call once.
 */
import { defaultAccountConfig } from '../../src/service/config/schema';
import { signal, type Signal } from '@preact/signals';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { AmoRateLimited, AmoServerError } from '../../src/amo/errors';
import type { LeadId, TaskTypeId, UnixSeconds, UserId } from '../../src/core/brand';
import { applySessionEvent, DEFAULT_FOCUS_FILTER, deriveSessionLimits, IDLE_SESSION, selectSessionSummary } from '../../src/core/focus';
import { AppEnvContext, type AppEnv } from '../../src/widget/features/app-env';
import { FocusModelContext } from '../../src/widget/features/focus/focus-context';
import FocusLauncherSection from '../../src/widget/features/focus/FocusLauncherSection';
import { createFocusModel, type FocusModel } from '../../src/widget/features/focus/FocusModel';
import FocusPanel from '../../src/widget/features/focus/FocusPanel';
import { createTranslator } from '../../src/widget/i18n';
import { ServiceError, type ServiceClient } from '../../src/widget/service-client';
import { UiContext } from '../../src/widget/ui/context';
import { LANGS } from './fake-host';
import { buildAppEnv } from './helpers/app-env';
import { buildLead, createFakeCrm, PIPELINE, STAGE_CLOSING, STAGE_OFFER, type FakeCrm, type FakeLead } from './helpers/fake-crm';
import { NOW, NOW_S } from '../support/time';

const DAY_S = 86_400;

interface Setup { crm: FakeCrm; env: AppEnv; model: FocusModel; readyCount: Signal<number | null> }

function setup(leads: FakeLead[]): Setup {
  const crm = createFakeCrm(leads);
  const env = buildAppEnv({ amo: crm.amo, now: () => NOW, account: { id: null, subdomain: 'demo', timeZone: 'Europe/Moscow', currency: 'RUB' } });
  const readyCount = signal<number | null>(null);
  const data = new Map<string, string>();
  const store = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => { data.set(k, v); } };
  const model = createFocusModel({ env, readyCount, store, tabId: 'tab-1', doc: document });
  return { crm, env, model, readyCount };
}

function Providers({ env, model, children }: { env: AppEnv; model: FocusModel; children: ComponentChildren }) {
  return (
    <UiContext.Provider value={{ t: createTranslator(LANGS.ru), dates: { language: 'ru', timeZone: 'Europe/Moscow' } }}>
      <AppEnvContext.Provider value={env}>
        <FocusModelContext.Provider value={model}>{children}</FocusModelContext.Provider>
      </AppEnvContext.Provider>
    </UiContext.Provider>
  );
}

/** The panel alone, as after a reload or in a second tab: the launcher section never mounted. */
function renderPanel(s: Setup) {
  return render(<Providers env={s.env} model={s.model}><FocusPanel model={s.model} /></Providers>);
}

function renderWithLauncher(s: Setup) {
  return render(
    <Providers env={s.env} model={s.model}>
      <FocusLauncherSection close={() => undefined} />
      <FocusPanel model={s.model} />
    </Providers>,
  );
}

const progress = (): string | null => document.querySelector('[data-fr-progress]')?.getAttribute('data-fr-progress') ?? null;
const press = (key: string): void => { fireEvent.keyDown(document.body, { key }); };
const fact = (name: string): Element | null => document.querySelector(`[data-fr-fact="${name}"]`);
const shown = async (id: number): Promise<void> => { await waitFor(() => expect(document.querySelector(`[data-fr-deal="${id}"]`)).not.toBeNull()); };

const overdue = (id: number, extra: Partial<FakeLead> = {}): FakeLead =>
  buildLead({ id, name: `Просроченная ${id}`, closestTaskAt: NOW_S - 2 * DAY_S, ...extra });

afterEach(() => { document.body.innerHTML = ''; });

describe('item 2: «Дальше» on a deal whose task is overdue', () => {
  it('moves on once a future task is set although closest_task_at still points at the overdue one', async () => {
    const s = setup([overdue(1, { price: 9000 }), buildLead({ id: 2, price: 1000 })]);
    renderPanel(s);
    await s.model.start();
    await shown(1);
    press('n');
    await waitFor(() => expect(document.querySelector('[data-fr-prompt="next_step"]')).not.toBeNull());
    // The manager sets the next step in amoCRM's own card; the overdue task stays open.
    await s.crm.amo.createTasks([{ leadId: 1 as LeadId, responsibleUserId: 101 as UserId, taskTypeId: 1 as TaskTypeId, text: 'КП', completeTill: (NOW_S + DAY_S) as UnixSeconds }]);
    expect(s.crm.leads.get(1)?.closestTaskAt).toBe(NOW_S - 2 * DAY_S);
    press('n');
    await waitFor(() => expect(progress()).toBe('2/2'));
    expect(s.crm.tasks).toHaveLength(1);
  });

  it('moves on at once when the next step is set from the prompt, with the overdue task left open', async () => {
    const s = setup([overdue(1, { price: 9000 }), buildLead({ id: 2, price: 1000 })]);
    renderPanel(s);
    await s.model.start();
    await shown(1);
    press('n');
    await waitFor(() => expect(document.querySelector('[data-fr-form="task"] [name="complete_overdue"]')).not.toBeNull());
    fireEvent.click(document.querySelector('[data-fr-form="task"] [name="complete_overdue"]') as Element);
    fireEvent.submit(document.querySelector('[data-fr-form="task"]') as Element);
    await waitFor(() => expect(progress()).toBe('2/2'));
    // One quick task, one deal further: no retry loop that piles up tasks.
    expect(s.crm.tasks).toHaveLength(1);
    expect(s.crm.leads.get(1)?.closestTaskAt).toBe(NOW_S - 2 * DAY_S);
  });

  it('completes the overdue task with a result and sets the next step in one form', async () => {
    const s = setup([overdue(1), buildLead({ id: 2 })]);
    renderPanel(s);
    await s.model.start();
    await shown(1);
    press('t');
    const result = await waitFor(() => document.querySelector('[data-fr-form="task"] [name="result"]') as HTMLInputElement);
    const complete = document.querySelector('[data-fr-form="task"] [name="complete_overdue"]') as HTMLInputElement;
    expect(complete.checked).toBe(true);
    expect(document.querySelector('[data-fr-overdue-task]')?.textContent).toContain('Перезвонить');
    fireEvent.input(result, { target: { value: 'Не дозвонился' } });
    fireEvent.submit(document.querySelector('[data-fr-form="task"]') as Element);
    await waitFor(() => expect(fact('task')?.getAttribute('data-fr-task-state')).toBe('later'));
    const old = s.crm.allTasks.find((t) => t.entity_id === 1 && t.text === 'Перезвонить');
    expect(old?.is_completed).toBe(true);
    expect(old?.result).toEqual({ text: 'Не дозвонился' });
    expect(s.crm.tasks).toHaveLength(1);
    press('n');
    await waitFor(() => expect(progress()).toBe('2/2'));
  });
});

describe('item 3: a deal reassigned, closed or deleted while queued', () => {
  it('is re-checked and skipped with a short note when amoCRM answers 403 for it, never an error', async () => {
    const s = setup([buildLead({ id: 1, price: 3000 }), buildLead({ id: 2, name: 'Ушла коллеге', price: 2000 }), buildLead({ id: 4, price: 1000 })]);
    renderPanel(s);
    await s.model.start();
    await shown(1);
    s.crm.forbidden.add(2); // reassigned to someone whose deals this manager may not see
    press('s');
    const input = await waitFor(() => document.querySelector('[data-fr-form="skip"] input') as HTMLInputElement);
    fireEvent.input(input, { target: { value: 'нет ответа' } });
    fireEvent.submit(document.querySelector('[data-fr-form="skip"]') as Element);
    await shown(4);
    expect(document.querySelector('[data-fr-error]')).toBeNull();
    expect(document.querySelector('[data-fr-dropped-note]')?.textContent).toContain('#2');
  });

  it('moves on with a note when the deal on screen is taken away before «Дальше»', async () => {
    const s = setup([buildLead({ id: 1, price: 3000 }), buildLead({ id: 2, price: 1000 })]);
    renderPanel(s);
    await s.model.start();
    await shown(1);
    s.crm.forbidden.add(1);
    press('n');
    await shown(2);
    expect(document.querySelector('[data-fr-error]')).toBeNull();
    expect(document.querySelector('[data-fr-dropped-note]')?.textContent).toContain('#1');
  });
});

describe('item 4: amoCRM failing on Start', () => {
  it.each([
    ['5xx', new AmoServerError({ method: 'GET', path: '/api/v4/leads', status: 502 }), 'server'],
    ['429', new AmoRateLimited({ method: 'GET', path: '/api/v4/leads', status: 429 }), 'rate-limited'],
  ])('says so on %s and offers a retry that starts the session', async (_name, error, kind) => {
    const s = setup([buildLead({ id: 1 }), buildLead({ id: 2 })]);
    renderWithLauncher(s);
    await waitFor(() => expect(s.readyCount.value).toBe(2));
    s.crm.failOnce.set('LIST /api/v4/leads', error);
    fireEvent.click(screen.getByRole('button', { name: 'Начать фокус' }));
    const failed = await waitFor(() => {
      const el = document.querySelector('[data-fr-start-failed]');
      expect(el).not.toBeNull();
      return el as Element;
    });
    expect(failed.getAttribute('data-fr-start-failed')).toBe(kind);
    expect(failed.textContent).toMatch(/amoCRM/);
    fireEvent.click(failed.querySelector('button[data-fr-retry]') as Element);
    await shown(1);
  });
});

describe('item 5: what the panel says about the deal', () => {
  it('names the stage after a reload (no launcher mounted) and shows the value in the account currency', async () => {
    const s = setup([buildLead({ id: 1, price: 125000, status: STAGE_CLOSING })]);
    renderPanel(s);
    await s.model.start();
    await shown(1);
    await waitFor(() => expect(fact('stage')?.textContent).toBe('Дожим'));
    expect(fact('value')?.textContent?.replace(/\s/g, ' ')).toBe('125 000 ₽');
  });

  it('counts real days in stage from the deal\'s status history, not a «≥» lower bound', async () => {
    const s = setup([buildLead({ id: 1, updatedAt: NOW_S - 64 * DAY_S, createdAt: NOW_S - 200 * DAY_S })]);
    s.crm.events.push(
      { id: 'a', type: 'lead_status_changed', entity_id: 1, entity_type: 'lead', created_by: 101, created_at: NOW_S - 150 * DAY_S, value_after: [{ lead_status: { id: STAGE_CLOSING, pipeline_id: PIPELINE } }], value_before: [], account_id: 1 },
      { id: 'b', type: 'lead_status_changed', entity_id: 1, entity_type: 'lead', created_by: 101, created_at: NOW_S - 90 * DAY_S, value_after: [{ lead_status: { id: STAGE_OFFER, pipeline_id: PIPELINE } }], value_before: [], account_id: 1 },
    );
    renderPanel(s);
    await s.model.start();
    await shown(1);
    await waitFor(() => expect(fact('days')?.textContent).toBe('90 дн.'));
  });

  it('shows each shortcut hint once', async () => {
    const s = setup([buildLead({ id: 1 })]);
    renderPanel(s);
    await s.model.start();
    await shown(1);
    const hints = [...document.querySelectorAll('[data-fr-focus-panel] kbd')].map((k) => k.textContent);
    expect(hints.filter((k) => k === 'N')).toHaveLength(1);
  });
});

describe('item 6: the panel reflects what was just done', () => {
  it('confirms a quick task and updates the task state', async () => {
    const s = setup([buildLead({ id: 1 }), buildLead({ id: 2 })]);
    renderPanel(s);
    await s.model.start();
    await shown(1);
    expect(fact('task')?.getAttribute('data-fr-task-state')).toBe('none');
    press('t');
    await waitFor(() => expect(document.querySelector('[data-fr-form="task"]')).not.toBeNull());
    fireEvent.submit(document.querySelector('[data-fr-form="task"]') as Element);
    await waitFor(() => expect(document.querySelector('[data-fr-task-saved]')).not.toBeNull());
    expect(fact('task')?.getAttribute('data-fr-task-state')).toBe('later');
  });

  it('keeps the launcher badge on the deals left in the session', async () => {
    const s = setup([buildLead({ id: 1, price: 3 }), buildLead({ id: 2, price: 2 }), buildLead({ id: 4, price: 1 })]);
    renderPanel(s);
    await s.model.start();
    await shown(1);
    expect(s.readyCount.value).toBe(3);
    press('s');
    const input = await waitFor(() => document.querySelector('[data-fr-form="skip"] input') as HTMLInputElement);
    fireEvent.input(input, { target: { value: 'позже' } });
    fireEvent.submit(document.querySelector('[data-fr-form="skip"]') as Element);
    await shown(2);
    expect(s.readyCount.value).toBe(2);
  });

  it('counts both tasks set on deals with overdue tasks in the summary', async () => {
    const s = setup([overdue(1, { price: 2 }), overdue(2, { price: 1 })]);
    renderPanel(s);
    await s.model.start();
    for (const id of [1, 2]) {
      await shown(id);
      press('t');
      await waitFor(() => expect(document.querySelector('[data-fr-form="task"]')).not.toBeNull());
      fireEvent.submit(document.querySelector('[data-fr-form="task"]') as Element);
      await waitFor(() => expect(document.querySelector('[data-fr-task-saved]')).not.toBeNull());
      press('n');
    }
    await waitFor(() => expect(document.querySelector('[data-fr-focus-summary]')).not.toBeNull());
    expect(document.querySelector('[data-fr-stat="tasks"]')?.textContent).toBe('2');
    expect(document.querySelector('[data-fr-stat="worked"]')?.textContent).toBe('2');
  });
});

describe('item 7: the manager queue when the service config cannot be loaded', () => {
  it('does not fall back to every stage: says the admin filter is unavailable and keeps Start off', async () => {
    const s = setup([buildLead({ id: 1 }), buildLead({ id: 2, status: STAGE_CLOSING })]);
    const failing = { getConfig: () => Promise.reject(new ServiceError('http', 404, null)), focus: { getSession: () => Promise.reject(new ServiceError('http', 404, null)) } };
    const env = { ...s.env, service: failing as unknown as ServiceClient };
    const model = createFocusModel({ env, readyCount: s.readyCount, store: null, tabId: 'tab-1', doc: document });
    renderWithLauncher({ ...s, env, model });
    await waitFor(() => expect(document.querySelector('[data-fr-config-failed]')).not.toBeNull());
    expect(document.querySelector('[data-fr-config-failed]')?.textContent).not.toMatch(/service call failed/);
    expect((screen.getByRole('button', { name: 'Начать фокус' }) as HTMLButtonElement).disabled).toBe(true);
    expect(s.crm.calls).not.toContain('LIST /api/v4/leads');
    expect(s.readyCount.value).toBeNull();
  });
});

describe('item 5 after a reload: joining the session the service holds', () => {
  it('shows the stage by name and real days in stage for the deal on screen', async () => {
    const s = setup([buildLead({ id: 1, status: STAGE_CLOSING, updatedAt: NOW_S - 64 * DAY_S, createdAt: NOW_S - 200 * DAY_S })]);
    s.crm.events.push({ id: 'a', type: 'lead_status_changed', entity_id: 1, entity_type: 'lead', created_by: 101, created_at: NOW_S - 120 * DAY_S, value_after: [{ lead_status: { id: STAGE_CLOSING, pipeline_id: PIPELINE } }], value_before: [], account_id: 1 });
    const limits = deriveSessionLimits(DEFAULT_FOCUS_FILTER, 'Europe/Moscow');
    const session = applySessionEvent(IDLE_SESSION, { type: 'start', at: NOW, tabId: 'other-tab', managerId: 101 as UserId, queue: [1 as LeadId] }, limits);
    if (session.kind !== 'active') throw new Error('not started');
    const view = { kind: 'active', id: 's1', startedAt: NOW, queue: [1], position: 0, currentDealId: 1, lastHeartbeatAt: NOW, idleTimeoutMs: limits.idleTimeoutMs, endOfDayAt: null, summary: selectSessionSummary(session, NOW) };
    const answer = { session: view, snoozed: [], availability: { kind: 'focus', since: NOW } };
    const service = {
      getConfig: () => Promise.resolve({ version: 1, warnings: [], updatedAt: null, config: { ...defaultAccountConfig(), focus: { defaults: {}, groups: [], managers: [], schedule: null } } }),
      focus: { getSession: () => Promise.resolve(answer), heartbeat: () => Promise.resolve(answer) },
    };
    const env = { ...s.env, service: service as unknown as ServiceClient };
    const model = createFocusModel({ env, readyCount: s.readyCount, store: null, tabId: 'tab-2', doc: document });
    renderPanel({ ...s, env, model });
    await model.refreshCounts();
    await shown(1);
    await waitFor(() => expect(fact('stage')?.textContent).toBe('Дожим'));
    expect(fact('days')?.textContent).toBe('120 дн.');
  });
});

describe('item 5: days in stage when amoCRM\'s history does not reach back to creation', () => {
  it('stays a lower bound («≥») instead of claiming the deal sat in its stage since it was created', async () => {
    const s = setup([buildLead({ id: 1, status: STAGE_OFFER, updatedAt: NOW_S - 64 * DAY_S, createdAt: NOW_S - 400 * DAY_S })]);
    // No lead_added and no stage move known: the history does not reach back; the last update bounds it.
    renderPanel(s);
    await s.model.start();
    await shown(1);
    expect(fact('days')?.textContent).toBe('≥ 64 дн.');
  });

  it('counts from creation when the deal was created in its stage and never moved', async () => {
    const s = setup([buildLead({ id: 1, status: STAGE_OFFER, updatedAt: NOW_S - 64 * DAY_S, createdAt: NOW_S - 100 * DAY_S })]);
    s.crm.events.push({ id: 'c', type: 'lead_added', entity_id: 1, entity_type: 'lead', created_by: 101, created_at: NOW_S - 100 * DAY_S, value_after: [{ lead_status: { id: STAGE_OFFER, pipeline_id: PIPELINE } }], value_before: [], account_id: 1 });
    renderPanel(s);
    await s.model.start();
    await shown(1);
    expect(fact('days')?.textContent).toBe('100 дн.');
  });
});
