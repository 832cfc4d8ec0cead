/**
 * Focus, end to end: the built widget in the sandbox's amoCRM page, the REAL companion service,
 * Chromium. A manager starts focus from the launcher, works the queue to the end (Next refused
 * once until a task is set), and sees the summary; the service held the session meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { useE2E, type E2EHarness } from './harness';

const e2e = useE2E();
const TAG = 'focus-e2e';

async function asAdmin(h: E2EHarness): Promise<string> {
  const admin = h.user('admin');
  const login = await h.context.request.post(`${h.sandbox.url}/_emulator/session`, { data: { user_id: admin.id } });
  if (!login.ok()) throw new Error(`admin session: HTTP ${login.status()}`);
  const res = await h.context.request.get(`${h.sandbox.url}/_emulator/one-time-token`);
  return ((await res.json()) as { token: string }).token;
}

async function callService(h: E2EHarness, token: string, method: 'GET' | 'PUT', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${h.service.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** Three fresh deals of the manager carrying a tag, and a focus filter admitting only that tag. */
async function seedQueue(h: E2EHarness, managerId: number): Promise<number[]> {
  const auth = { Authorization: `Bearer ${h.sandbox.longLivedToken}`, 'content-type': 'application/json' };
  const pipelines = (await (await fetch(`${h.sandbox.url}/api/v4/leads/pipelines`, { headers: auth })).json()) as {
    _embedded: { pipelines: Array<{ id: number; is_main: boolean; _embedded: { statuses: Array<{ id: number; type: number }> } }> };
  };
  const main = pipelines._embedded.pipelines.find((p) => p.is_main) ?? pipelines._embedded.pipelines[0];
  const stage = main?._embedded.statuses.find((s) => s.type === 0 && s.id !== 142 && s.id !== 143);
  if (!main || !stage) throw new Error('no open stage in the sandbox');
  const leads = [30_000, 20_000, 10_000].map((price, i) => ({
    name: `Фокус ${i + 1}`, price, responsible_user_id: managerId, pipeline_id: main.id, status_id: stage.id, _embedded: { tags: [{ name: TAG }] },
  }));
  const created = await fetch(`${h.sandbox.url}/api/v4/leads`, { method: 'POST', headers: auth, body: JSON.stringify(leads) });
  if (!created.ok) throw new Error(`POST leads: HTTP ${created.status} ${await created.text()}`);
  const ids = ((await created.json()) as { _embedded: { leads: Array<{ id: number }> } })._embedded.leads.map((l) => l.id);

  const token = await asAdmin(h);
  const current = (await callService(h, token, 'GET', '/api/v1/config')) as { version: number; config: { focus: Record<string, unknown> } };
  const config = { ...current.config, focus: { ...current.config.focus, defaults: { tagsIn: [TAG] } } };
  await callService(h, token, 'PUT', '/api/v1/config', { version: current.version, config });
  return ids;
}

const progress = (h: E2EHarness) => h.page.locator('[data-fr-progress]').getAttribute('data-fr-progress');

describe('focus: a manager works the queue', () => {
  it('starts focus, is refused Next once until a task is set, works to the end and sees the summary', async () => {
    const { h } = e2e;
    const manager = h.user('manager');
    const ids = await seedQueue(h, manager.id);
    await h.loginAs(manager);
    await h.page.locator('[data-fr-badge]').filter({ hasText: '3' }).waitFor({ timeout: 20_000 });

    await h.page.locator('.fr-launcher__button').click();
    await h.page.locator('[data-fr-stage-counts] li').first().waitFor();
    await h.page.locator('[data-fr-focus-start]').click();
    await h.page.locator(`[data-fr-deal="${ids[0]}"]`).waitFor({ timeout: 20_000 });
    expect(h.page.url()).toContain(`/leads/detail/${ids[0]}`);
    expect(await progress(h)).toBe('1/3');
    expect(await h.page.locator('[data-fr-pause="active"]').count()).toBe(1);

    // Next on an untouched deal asks for a next step; the quick task answers it and moves on.
    await h.page.keyboard.press('n');
    await h.page.locator('[data-fr-prompt="next_step"]').waitFor();
    expect(await progress(h)).toBe('1/3');
    await h.page.locator('[data-fr-form="task"] button[type="submit"]').click();
    await h.page.locator(`[data-fr-deal="${ids[1]}"]`).waitFor({ timeout: 20_000 });
    expect(await progress(h)).toBe('2/3');

    // A task first, then Next goes through at once. Keys are ignored while an action runs (the
    // buttons show it disabled): wait for them, as a person would, before pressing.
    await h.page.locator('[data-fr-action="task"]:not([disabled])').waitFor();
    await h.page.keyboard.press('t');
    await h.page.locator('[data-fr-form="task"] button[type="submit"]').click();
    // The task is written when the buttons come back (they are disabled while an action runs).
    await h.page.locator('[data-fr-action="next"]:not([disabled])').waitFor();
    await h.page.keyboard.press('n');
    await h.page.locator(`[data-fr-deal="${ids[2]}"]`).waitFor({ timeout: 20_000 });
    expect(await progress(h)).toBe('3/3');

    await h.page.keyboard.press('s');
    await h.page.locator('[data-fr-form="skip"] input').fill('клиент в отпуске');
    await h.page.locator('[data-fr-form="skip"] button[type="submit"]').click();
    await h.page.locator('[data-fr-focus-summary]').waitFor({ timeout: 20_000 });

    const stat = (id: string) => h.page.locator(`[data-fr-stat="${id}"]`).textContent();
    expect(await stat('worked')).toBe('2');
    expect(await stat('skipped')).toBe('1');
    expect(await stat('tasks')).toBe('2');
    expect(await h.page.locator('[data-fr-end-reason]').getAttribute('data-fr-end-reason')).toBe('exhausted');
    const paths = h.service.hits.map((hit) => `${hit.method} ${hit.path}`);
    expect(paths).toContain('POST /api/v1/focus/session/start');
    expect(paths.filter((p) => p === 'POST /api/v1/focus/session/advance')).toHaveLength(3);
    await h.screenshot('focus-summary');
    expect(h.errors()).toEqual([]);
  });
});
