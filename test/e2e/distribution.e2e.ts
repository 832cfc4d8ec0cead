/**
 * Focus + distribution, end to end (issue 5 "Shown by"): the built widget in the sandbox's amoCRM
 * page in Chromium, the REAL companion service, the Digital Pipeline action of the sandbox.
 *
 * One story, in order (each step builds on the previous one's state):
 *   1. a manager starts focus in the browser; 10 leads enter the DP stage → none goes to them,
 *      the decision log says "in_focus", the other two managers take them in turn;
 *   2. the queue is worked to the end in the browser (Next refused once until a task is set) →
 *      the next lead goes to them;
 *   3. with everyone unavailable (two set away by their head, the manager self-paused) leads are
 *      held, and handed out in arrival order the moment the manager resumes;
 *   4. the manager starts focus in another tab and closes it: a lead arriving meanwhile is held;
 *      once the idle timeout passes on the SANDBOX clock the service's sweep ends the session and
 *      the held lead goes to them.
 *
 * Service calls use one-time tokens fetched with plain Node fetch and their own cookie, so they
 * never change who is signed in inside the browser.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { AccountId } from '../../src/core/brand';
import { useE2E, type E2EHarness, type SandboxUser } from './harness';

const e2e = useE2E();
const TAG = 'distribution-e2e';
const IDLE_TIMEOUT_MINUTES = 10;
/** Batches wait for 300 ms of quiet (at most 3 s), then read and write amoCRM at ≤ 7 requests/s. */
const DECIDED_WITHIN = { timeout: 30_000, interval: 250 };

interface Candidate { userId: number; status: 'chosen' | 'eligible' | 'skipped'; reason?: { code: string } }
type LogEntry =
  | { id: number; leadId: number; kind: 'assigned'; trigger: string; userId: number; candidates: Candidate[]; appliedAt: string | null }
  | { id: number; leadId: number; kind: 'held'; trigger: string; candidates: Candidate[] }
  | { id: number; leadId: number; kind: 'ignored'; trigger: string; reason: string };
type Assigned = Extract<LogEntry, { kind: 'assigned' }>;

interface Cast {
  manager: SandboxUser;
  /** The other managers of the manager's group, the rest of the pool. */
  others: [SandboxUser, SandboxUser];
  head: SandboxUser;
  admin: SandboxUser;
  pipelineId: number;
  dpStageId: number;
  focusStageId: number;
  /** The manager's focus queue of the first session, in the filter's order (value, highest first). */
  queue: number[];
}

// ---------------------------------------------------------------------------------------------
// Talking to the sandbox and the service like the widget and a server integration would


/** amoCRM's one-time token for `user` (docs/decisions/0001), from a session of its own. */
async function tokenFor(h: E2EHarness, user: SandboxUser): Promise<string> {
  const login = await fetch(`${h.sandbox.url}/_emulator/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: user.id }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!login.ok || cookie === undefined) throw new Error(`session for ${user.id}: HTTP ${login.status}`);
  const res = await fetch(`${h.sandbox.url}/_emulator/one-time-token`, { headers: { cookie } });
  if (!res.ok) throw new Error(`one-time token for ${user.id}: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

async function callService(h: E2EHarness, as: SandboxUser, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${h.service.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': await tokenFor(h, as), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}


/** amoCRM REST as a server integration calls it; the harness waits out 429s. */
const amo = <T>(h: E2EHarness, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => h.amoApi<T>(method, path, body);

async function createLeads(h: E2EHarness, leads: ReadonlyArray<Record<string, unknown>>): Promise<number[]> {
  const created = await amo<{ _embedded: { leads: Array<{ id: number }> } }>(h, 'POST', '/api/v4/leads', leads);
  return created._embedded.leads.map((lead) => lead.id);
}

/** New leads entering the Digital Pipeline stage (the sandbox posts the DP action for each). */
function leadsIntoDpStage(h: E2EHarness, cast: Cast, names: readonly string[]): Promise<number[]> {
  return createLeads(h, names.map((name) => ({ name, price: 5_000, pipeline_id: cast.pipelineId, status_id: cast.dpStageId })));
}

async function responsibleOf(h: E2EHarness, ids: readonly number[]): Promise<Map<number, number>> {
  const query = ids.map((id) => `filter[id][]=${id}`).join('&');
  const found = await amo<{ _embedded: { leads: Array<{ id: number; responsible_user_id: number }> } }>(h, 'GET', `/api/v4/leads?limit=250&${query}`);
  return new Map(found._embedded.leads.map((lead) => [lead.id, lead.responsible_user_id]));
}

async function leadLog(h: E2EHarness, cast: Cast, leadId: number): Promise<LogEntry[]> {
  const body = (await callService(h, cast.head, 'GET', `/api/v1/distribution/log?leadId=${leadId}`)) as { entries: LogEntry[] };
  return body.entries;
}

/** Waits until every lead has a decision of `kind`, written to amoCRM when it is an assignment. */
async function waitForDecisions<K extends 'assigned' | 'held'>(
  h: E2EHarness, cast: Cast, ids: readonly number[], kind: K, trigger: string,
): Promise<Map<number, Extract<LogEntry, { kind: K }>>> {
  const found = new Map<number, Extract<LogEntry, { kind: K }>>();
  await expect.poll(async () => {
    for (const id of ids) {
      if (found.has(id)) continue;
      const entry = (await leadLog(h, cast, id)).find((e): e is Extract<LogEntry, { kind: K }> =>
        e.kind === kind && e.trigger === trigger && (e.kind !== 'assigned' || e.appliedAt !== null));
      if (entry !== undefined) found.set(id, entry);
    }
    return found.size;
  }, DECIDED_WITHIN).toBe(ids.length);
  return found;
}

const verdictOf = (entry: { candidates: Candidate[] }, userId: number) => entry.candidates.find((c) => c.userId === userId);

async function availabilityKind(h: E2EHarness, cast: Cast, userId: number): Promise<string | undefined> {
  const body = (await callService(h, cast.head, 'GET', '/api/v1/availability')) as {
    managers: Array<{ userId: number; availability: { kind: string } }>;
  };
  return body.managers.find((m) => m.userId === userId)?.availability.kind;
}

// ---------------------------------------------------------------------------------------------
// Setup: heads, a focus filter, a round-robin pool holding leads when nobody is available

async function configure(h: E2EHarness): Promise<Cast> {
  const manager = h.user('manager');
  const group = h.sandbox.users.filter((u) => u.group_id === manager.group_id);
  const others = group.filter((u) => u.role === 'manager' && u.id !== manager.id);
  const head = group.find((u) => u.role === 'head');
  const [second, third] = others;
  if (second === undefined || third === undefined || head === undefined) throw new Error('the demo group needs a head and three managers');

  const pipelines = await amo<{
    _embedded: { pipelines: Array<{ id: number; is_main: boolean; _embedded: { statuses: Array<{ id: number; type: number }> } }> };
  }>(h, 'GET', '/api/v4/leads/pipelines');
  const main = pipelines._embedded.pipelines.find((p) => p.is_main) ?? pipelines._embedded.pipelines[0];
  const open = main?._embedded.statuses.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143) ?? [];
  const [dpStage, focusStage] = open;
  if (main === undefined || dpStage === undefined || focusStage === undefined) throw new Error('the main pipeline needs two open stages');
  const cast: Cast = { manager, others: [second, third], head, admin: h.user('admin'), pipelineId: main.id, dpStageId: dpStage.id, focusStageId: focusStage.id, queue: [] };

  const current = (await callService(h, cast.admin, 'GET', '/api/v1/config')) as { version: number; config: Record<string, unknown> };
  await callService(h, cast.admin, 'PUT', '/api/v1/config', {
    version: current.version,
    config: {
      ...current.config,
      heads: [{ groupId: manager.group_id, userIds: [head.id] }],
      focus: { defaults: { tagsIn: [TAG], idleTimeoutMinutes: IDLE_TIMEOUT_MINUTES }, groups: [], managers: [], schedule: null },
      distribution: {
        pools: [{
          pipelineId: main.id, mode: 'round_robin',
          participants: [manager, second, third].map((u) => ({ userId: u.id, weight: 1, cap: null })),
          loadStatusIds: [], hours: null, stickyOwner: false, guard: false, whenNobodyAvailable: { kind: 'hold' },
          triggers: { digitalPipeline: true, webhookStatusIds: [] },
        }],
        managerHours: [],
      },
    },
  });
  const dp = await fetch(`${h.sandbox.url}/_emulator/dp/actions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status_ids: [dpStage.id] }),
  });
  if (!dp.ok) throw new Error(`DP action: HTTP ${dp.status} ${await dp.text()}`);
  return cast;
}

/** Deals of the manager the focus filter admits (tagged, outside the DP stage). */
function seedFocusDeals(h: E2EHarness, cast: Cast, names: readonly string[]): Promise<number[]> {
  return createLeads(h, names.map((name, i) => ({
    name, price: 20_000 - i * 1_000, responsible_user_id: cast.manager.id, pipeline_id: cast.pipelineId, status_id: cast.focusStageId,
    _embedded: { tags: [{ name: TAG }] },
  })));
}

/** Launcher → Start, as the manager does it; resolves on the first deal's focus panel. */
async function startFocus(page: Page): Promise<void> {
  await page.locator('.fr-launcher__button').click();
  await page.locator('[data-fr-stage-counts] li').first().waitFor({ timeout: 20_000 });
  await page.locator('[data-fr-focus-start]').click();
  await page.locator('[data-fr-deal]').first().waitFor({ timeout: 20_000 });
  await page.locator('[data-fr-pause="active"]').waitFor();
}

const progress = (page: Page) => page.locator('[data-fr-progress]').getAttribute('data-fr-progress');

// ---------------------------------------------------------------------------------------------

describe('distribution: focus pauses new leads', () => {
  let cast: Cast;

  it('gives none of 10 DP leads to the manager in focus, logs "in_focus", and rotates the others fairly', async () => {
    const { h } = e2e;
    cast = await configure(h);
    const queue = await seedFocusDeals(h, cast, ['Фокус A', 'Фокус B']);
    cast.queue = queue;
    await h.loginAs(cast.manager);
    await h.page.locator('[data-fr-badge]').filter({ hasText: '2' }).waitFor({ timeout: 20_000 });
    await startFocus(h.page);
    expect(await h.page.locator(`[data-fr-deal="${queue[0]}"]`).count()).toBe(1);
    expect(await availabilityKind(h, cast, cast.manager.id)).toBe('focus');

    const ids = await leadsIntoDpStage(h, cast, Array.from({ length: 10 }, (_, i) => `Входящий ${i + 1}`));
    const decisions = await waitForDecisions(h, cast, ids, 'assigned', 'new_lead');

    const receivers = ids.map((id) => decisions.get(id)?.userId);
    expect(receivers).not.toContain(cast.manager.id);
    for (const entry of decisions.values()) {
      expect(verdictOf(entry, cast.manager.id)).toEqual({ userId: cast.manager.id, status: 'skipped', reason: { code: 'in_focus' } });
    }
    // Round robin over the two who can take leads: 5 each, never the same one twice in a row.
    const [second, third] = cast.others;
    expect(receivers.filter((id) => id === second.id)).toHaveLength(5);
    expect(receivers.filter((id) => id === third.id)).toHaveLength(5);
    expect(receivers.every((id, i) => i === 0 || id !== receivers[i - 1])).toBe(true);
    // …and amoCRM says the same.
    const inAmo = await responsibleOf(h, ids);
    expect(ids.map((id) => inAmo.get(id))).toEqual(receivers);
    expect(h.errors()).toEqual([]);
  });

  it('works the queue to the end in the browser (Next refused once until a task is set), then gets the next lead', async () => {
    const { h } = e2e;
    // Next on an untouched deal asks for a next step; the quick task answers it and moves on.
    await h.page.keyboard.press('n');
    await h.page.locator('[data-fr-prompt="next_step"]').waitFor();
    expect(await progress(h.page)).toBe('1/2');
    await h.page.locator('[data-fr-form="task"] button[type="submit"]').click();
    await h.page.locator(`[data-fr-deal="${cast.queue[1]}"]`).waitFor({ timeout: 20_000 });
    expect(await progress(h.page)).toBe('2/2');

    // A task first, then Next goes through at once; the queue is exhausted. (The deal's card
    // loads under the panel: wait for the idle buttons before typing a shortcut.)
    await h.page.locator('[data-fr-action="next"]:not([disabled])').waitFor();
    await h.page.keyboard.press('t');
    await h.page.locator('[data-fr-form="task"] button[type="submit"]').click();
    await h.page.locator('[data-fr-action="next"]:not([disabled])').waitFor();
    await h.page.keyboard.press('n');
    await h.page.locator('[data-fr-focus-summary]').waitFor({ timeout: 20_000 });
    expect(await h.page.locator('[data-fr-end-reason]').getAttribute('data-fr-end-reason')).toBe('exhausted');
    expect(await h.page.locator('[data-fr-stat="worked"]').textContent()).toBe('2');
    await expect.poll(() => availabilityKind(h, cast, cast.manager.id), DECIDED_WITHIN).toBe('available');

    // The rotation ended on a colleague; the manager is next in line again, with no catch-up burst.
    const [next] = await leadsIntoDpStage(h, cast, ['После фокуса']);
    if (next === undefined) throw new Error('no lead created');
    const decision = (await waitForDecisions(h, cast, [next], 'assigned', 'new_lead')).get(next);
    expect(decision?.userId).toBe(cast.manager.id);
    expect((await responsibleOf(h, [next])).get(next)).toBe(cast.manager.id);
    await h.screenshot('distribution-after-focus');
    expect(h.errors()).toEqual([]);
  });

  it('holds leads while nobody is available and hands them out in arrival order when the manager resumes', async () => {
    const { h } = e2e;
    const [second, third] = cast.others;
    for (const colleague of [second, third]) {
      await callService(h, cast.head, 'POST', `/api/v1/availability/${colleague.id}`, { away: { reason: 'на выезде у клиента' } });
    }
    await callService(h, cast.manager, 'POST', '/api/v1/availability/me', { paused: true });

    const first = await leadsIntoDpStage(h, cast, ['Отложенный 1']);
    const later = await leadsIntoDpStage(h, cast, ['Отложенный 2']);
    const held = [...first, ...later];
    const holds = await waitForDecisions(h, cast, held, 'held', 'new_lead');
    for (const entry of holds.values()) {
      expect(verdictOf(entry, cast.manager.id)?.reason?.code).toBe('self_paused');
      expect(verdictOf(entry, second.id)?.reason?.code).toBe('away');
      expect(verdictOf(entry, third.id)?.reason?.code).toBe('away');
    }
    const stillAdmin = await responsibleOf(h, held);
    expect(held.map((id) => stillAdmin.get(id))).toEqual(held.map(() => cast.admin.id));

    await callService(h, cast.manager, 'POST', '/api/v1/availability/me', { paused: false });
    const handouts = await waitForDecisions(h, cast, held, 'assigned', 'held_handout');
    const decided = held.map((id) => handouts.get(id) as Assigned);
    expect(decided.map((entry) => entry.userId)).toEqual([cast.manager.id, cast.manager.id]);
    // Decision ids follow the order the engine decided in: the lead that arrived first went first.
    expect(decided[0]!.id).toBeLessThan(decided[1]!.id);
    const inAmo = await responsibleOf(h, held);
    expect(held.map((id) => inAmo.get(id))).toEqual([cast.manager.id, cast.manager.id]);
  });

  it('ends a session whose tab was closed after the idle timeout (sandbox clock), and the manager receives leads again', async () => {
    const { h } = e2e;
    await seedFocusDeals(h, cast, ['Фокус C']);
    // Only the tab we are about to close may keep the session alive.
    await h.page.goto('about:blank');
    const context = await h.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
    try {
      const login = await context.request.post(`${h.sandbox.url}/_emulator/session`, { data: { user_id: cast.manager.id } });
      expect(login.ok()).toBe(true);
      const tab = await context.newPage();
      await tab.goto(`${h.sandbox.url}/leads/pipeline/${cast.pipelineId}`);
      await tab.waitForFunction(() => window.__host?.ready === true, null, { timeout: 20_000 });
      await startFocus(tab);
    } finally {
      await context.close();
    }
    expect(await availabilityKind(h, cast, cast.manager.id)).toBe('focus');

    // The tab is gone but its session is not over yet: a new lead is held (colleagues still away).
    const [lead] = await leadsIntoDpStage(h, cast, ['Пока вкладка закрыта']);
    if (lead === undefined) throw new Error('no lead created');
    const hold = (await waitForDecisions(h, cast, [lead], 'held', 'new_lead')).get(lead);
    expect(hold && verdictOf(hold, cast.manager.id)?.reason?.code).toBe('in_focus');

    // The idle timeout passes on the sandbox clock (the service reads it); the sweep job ends the session.
    h.sandbox.clock.advance((IDLE_TIMEOUT_MINUTES + 1) * 60_000);
    await h.service.running.jobs.enqueue({ accountId: h.sandbox.accountId as AccountId, type: 'focus.sweep', payload: {} });
    const db = h.service.running.store.db;
    await expect.poll(async () => {
      const row = await db.selectFrom('focus_sessions').select(['state', 'end_reason'])
        .where('user_id', '=', cast.manager.id).orderBy('started_at', 'desc').executeTakeFirst();
      return row === undefined ? null : `${row.state}:${row.end_reason ?? ''}`;
    }, DECIDED_WITHIN).toBe('ended:idle');

    const handout = (await waitForDecisions(h, cast, [lead], 'assigned', 'held_handout')).get(lead);
    expect(handout?.userId).toBe(cast.manager.id);
    expect((await responsibleOf(h, [lead])).get(lead)).toBe(cast.manager.id);
    expect(await availabilityKind(h, cast, cast.manager.id)).toBe('available');
  });
});
