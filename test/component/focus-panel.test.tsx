import { defaultAccountConfig } from '../../src/service/config/schema';
import { signal } from '@preact/signals';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LeadId, UserId } from '../../src/core/brand';
import {
  applySessionEvent, deriveSessionLimits, DEFAULT_FOCUS_FILTER, IDLE_SESSION, selectSessionSummary, type FocusSession,
} from '../../src/core/focus';
import type { AdvanceRequest, SessionResponse } from '../../src/contract/focus';
import { AppEnvContext, type AppEnv } from '../../src/widget/features/app-env';
import { FocusModelContext } from '../../src/widget/features/focus/focus-context';
import FocusLauncherSection from '../../src/widget/features/focus/FocusLauncherSection';
import { createFocusModel, type FocusModel } from '../../src/widget/features/focus/FocusModel';
import FocusPanel from '../../src/widget/features/focus/FocusPanel';
import { actionForKey } from '../../src/widget/features/focus/shortcuts';
import type { ServiceClient } from '../../src/widget/service-client';
import { createTranslator } from '../../src/widget/i18n';
import { UiContext } from '../../src/widget/ui/context';
import { LANGS } from './fake-host';
import { buildAppEnv } from './helpers/app-env';
import { buildLead, createFakeCrm, STAGE_CLOSING, STAGE_OFFER, type FakeCrm } from './helpers/fake-crm';
import { NOW } from '../support/time';


function memoryStore(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => { data.set(k, v); } };
}

interface Setup { crm: FakeCrm; env: AppEnv; model: FocusModel; readyCount: ReturnType<typeof signal<number | null>>; opened: LeadId[] }

function setup(options: { service?: ServiceClient | null } = {}): Setup {
  const crm = createFakeCrm([
    buildLead({ id: 1, name: 'Окна для школы', price: 5000, status: STAGE_OFFER }),
    buildLead({ id: 2, name: 'Двери для офиса', price: 1000, status: STAGE_CLOSING }),
    buildLead({ id: 3, name: 'Чужая сделка', price: 9000, responsible: 202 }),
  ]);
  crm.notes.set(1, 'Клиент просил перезвонить после обеда');
  const opened: LeadId[] = [];
  const env = buildAppEnv({ amo: crm.amo, service: options.service ?? null, now: () => NOW, openLead: (id) => { opened.push(id); } });
  const readyCount = signal<number | null>(null);
  const model = createFocusModel({ env, readyCount, store: memoryStore(), tabId: 'tab-1', doc: document });
  return { crm, env, model, readyCount, opened };
}

function Providers({ env, model, children }: { env: AppEnv; model: FocusModel; children: ComponentChildren }) {
  return (
    <UiContext.Provider value={{ t: createTranslator(LANGS.en), dates: { language: 'en', timeZone: 'Europe/Moscow' } }}>
      <AppEnvContext.Provider value={env}>
        <FocusModelContext.Provider value={model}>{children}</FocusModelContext.Provider>
      </AppEnvContext.Provider>
    </UiContext.Provider>
  );
}

function renderFocus(s: Setup) {
  return render(
    <Providers env={s.env} model={s.model}>
      <FocusLauncherSection close={() => undefined} />
      <FocusPanel model={s.model} />
    </Providers>,
  );
}

const progress = (): string | null => document.querySelector('[data-fr-progress]')?.getAttribute('data-fr-progress') ?? null;
const press = (key: string, target: Element = document.body): void => { fireEvent.keyDown(target, { key }); };

async function startSession(s: Setup): Promise<void> {
  await waitFor(() => expect(s.readyCount.value).toBe(2));
  fireEvent.click(screen.getByRole('button', { name: 'Start focus' }));
  await waitFor(() => expect(document.querySelector('[data-fr-deal="1"]')).not.toBeNull());
}

afterEach(() => { document.body.innerHTML = ''; });

describe('focus launcher section', () => {
  it('counts ready deals per stage from one lead list request and names the stages', async () => {
    const s = setup();
    renderFocus(s);
    await waitFor(() => expect(document.querySelectorAll('[data-fr-stage]')).toHaveLength(2));
    expect(s.readyCount.value).toBe(2);
    await waitFor(() => expect(document.querySelector(`[data-fr-stage="${STAGE_OFFER}"]`)?.textContent).toBe('КП отправлено1'));
    expect(s.crm.calls.filter((c) => c === 'LIST /api/v4/leads')).toHaveLength(1);
    expect(s.crm.calls.some((c) => c.startsWith('GET /api/v4/leads/'))).toBe(false);
  });

  it('serves the counts from its cache on a second mount within the TTL', async () => {
    const s = setup();
    await s.model.refreshCounts();
    await s.model.refreshCounts();
    expect(s.crm.calls.filter((c) => c === 'LIST /api/v4/leads')).toHaveLength(1);
    await s.model.refreshCounts({ force: true });
    expect(s.crm.calls.filter((c) => c === 'LIST /api/v4/leads')).toHaveLength(2);
  });
});

describe('focus panel, without the service', () => {
  it('opens the best deal first and says plainly that new leads are NOT paused', async () => {
    const s = setup();
    renderFocus(s);
    await startSession(s);
    expect(s.opened).toEqual([1]);
    expect(progress()).toBe('1/2');
    expect(document.querySelector('[data-fr-pause="off"]')?.textContent).toContain('NOT paused');
    await waitFor(() => expect(document.querySelector('[data-fr-fact="note"]')?.textContent).toBe('Клиент просил перезвонить после обеда'));
    expect(document.querySelector('[data-fr-fact="task"]')?.getAttribute('data-fr-task-state')).toBe('none');
    expect(document.querySelector('[data-fr-fact="value"]')?.textContent).toBe('5,000');
  });

  it('refuses Next until the deal has a next step, then moves on once a quick task is set', async () => {
    const s = setup();
    renderFocus(s);
    await startSession(s);
    press('n');
    await waitFor(() => expect(document.querySelector('[data-fr-prompt="next_step"]')).not.toBeNull());
    expect(progress()).toBe('1/2');
    expect(s.opened).toEqual([1]);

    fireEvent.click(document.querySelector('[data-fr-due="tomorrow"]') as Element);
    fireEvent.submit(document.querySelector('[data-fr-form="task"]') as Element);
    await waitFor(() => expect(progress()).toBe('2/2'));
    expect(s.crm.tasks).toHaveLength(1);
    expect(s.crm.tasks[0]).toMatchObject({ entity_id: 1, entity_type: 'leads', responsible_user_id: 101, task_type_id: 1 });
    // Tomorrow morning = Tuesday 09:00 Moscow = 06:00 UTC.
    expect(s.crm.tasks[0]?.complete_till).toBe(Date.UTC(2026, 10, 24, 6, 0) / 1000);
    // The next deal opens once its fresh read (lead + status history) is in.
    await waitFor(() => expect(s.opened).toEqual([1, 2]));
  });

  it('ignores shortcut keys typed into inputs and with modifiers held', async () => {
    const s = setup();
    renderFocus(s);
    await startSession(s);
    press('s');
    const input = await waitFor(() => document.querySelector('[data-fr-form="skip"] input') as HTMLInputElement);
    press('q', input);
    press('q', document.body);
    expect(actionForKey({ key: 'q', ctrlKey: true, metaKey: false, altKey: false, target: document.body })).toBeNull();
    expect(actionForKey({ key: 'т', ctrlKey: false, metaKey: false, altKey: false, target: document.body })).toBe('next');
    await waitFor(() => expect(document.querySelector('[data-fr-focus-panel="ended"]')).not.toBeNull());
    // Only the Q pressed outside the input stopped the session.
    expect(document.querySelector('[data-fr-end-reason]')?.getAttribute('data-fr-end-reason')).toBe('manual');
  });

  it('snoozes for 2 hours, drops a deal reassigned meanwhile, and sums the session up', async () => {
    const s = setup();
    renderFocus(s);
    await startSession(s);
    const second = s.crm.leads.get(2);
    if (second) second.responsible = 303; // someone took deal 2 while deal 1 was on screen
    press('z');
    fireEvent.click(await screen.findByRole('button', { name: /2 hours/ }));
    await waitFor(() => expect(document.querySelector('[data-fr-focus-summary]')).not.toBeNull());
    expect(document.querySelector('[data-fr-stat="snoozed"]')?.textContent).toBe('1');
    expect(document.querySelector('[data-fr-stat="worked"]')?.textContent).toBe('0');
    expect(document.querySelector('[data-fr-end-reason]')?.getAttribute('data-fr-end-reason')).toBe('exhausted');
    expect(document.querySelector('[data-fr-dropped]')?.textContent).toBe('Двери для офиса — reassigned meanwhile');
    expect(s.opened).toEqual([1]);
  });
});

/** A service that keeps the session with the core rules, as the real one does. */
function fakeService() {
  let session: FocusSession = IDLE_SESSION;
  const limits = deriveSessionLimits(DEFAULT_FOCUS_FILTER, 'Europe/Moscow');
  const answer = (): SessionResponse => {
    if (session.kind === 'idle') return { session: null, snoozed: [], availability: { kind: 'available' } };
    const summary = selectSessionSummary(session, NOW);
    return {
      session: session.kind === 'active'
        ? { kind: 'active', id: 's1', startedAt: session.startedAt, queue: [...session.queue], position: session.position, currentDealId: session.queue[session.position] ?? null, lastHeartbeatAt: NOW, idleTimeoutMs: limits.idleTimeoutMs, endOfDayAt: null, summary }
        : { kind: 'ended', id: 's1', startedAt: session.startedAt, endedAt: session.endedAt, reason: session.reason, summary },
      snoozed: [],
      availability: session.kind === 'active' ? { kind: 'focus', since: session.startedAt } : { kind: 'available' },
    };
  };
  const focus = {
    getSession: vi.fn(async () => answer()),
    startSession: vi.fn(async (request: { tabId: string; queue: number[] }) => {
      session = applySessionEvent(session, { type: 'start', at: NOW, tabId: request.tabId, managerId: 101 as UserId, queue: request.queue as LeadId[] }, limits);
      return answer();
    }),
    heartbeat: vi.fn(async () => answer()),
    advance: vi.fn(async (request: AdvanceRequest) => {
      const outcome = request.outcome.kind === 'skipped' ? { kind: 'skipped' as const, reason: request.outcome.reason } : { kind: 'dropped' as const };
      session = applySessionEvent(session, { type: 'advance', at: NOW, outcome }, limits);
      return { kind: 'advanced' as const, state: answer() };
    }),
    stopSession: vi.fn(async () => answer()),
  };
  const client = {
    getConfig: vi.fn(async () => ({ version: 1, warnings: [], updatedAt: null, config: { ...defaultAccountConfig(), focus: { defaults: {}, groups: [], managers: [], schedule: null } } })),
    focus,
  };
  return { client: client as unknown as ServiceClient, focus };
}

describe('focus panel, with the service', () => {
  it('starts the service session with the queue, shows the pause banner, and reports each outcome', async () => {
    const service = fakeService();
    const s = setup({ service: service.client });
    renderFocus(s);
    await startSession(s);
    expect(service.focus.startSession).toHaveBeenCalledWith({ tabId: 'tab-1', queue: [1, 2] });
    expect(document.querySelector('[data-fr-pause="active"]')?.textContent).toBe('New leads are paused for you while you focus.');
    press('s');
    const input = await waitFor(() => document.querySelector('[data-fr-form="skip"] input') as HTMLInputElement);
    fireEvent.input(input, { target: { value: 'клиент в отпуске' } });
    fireEvent.submit(document.querySelector('[data-fr-form="skip"]') as Element);
    await waitFor(() => expect(progress()).toBe('2/2'));
    expect(service.focus.advance).toHaveBeenCalledWith({ dealId: 1, outcome: { kind: 'skipped', reason: 'клиент в отпуске' } });
  });

  it('carries on in the tab with a notice when the service fails mid-session', async () => {
    const service = fakeService();
    const s = setup({ service: service.client });
    renderFocus(s);
    await startSession(s);
    service.focus.advance.mockRejectedValueOnce(new Error('network'));
    press('s');
    const input = await waitFor(() => document.querySelector('[data-fr-form="skip"] input') as HTMLInputElement);
    fireEvent.input(input, { target: { value: 'нет ответа' } });
    fireEvent.submit(document.querySelector('[data-fr-form="skip"]') as Element);
    await waitFor(() => expect(progress()).toBe('2/2'));
    expect(document.querySelector('[data-fr-pause="off"]')?.textContent).toContain('unreachable');
  });
});
