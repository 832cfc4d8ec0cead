/**
 * Refusal control, end to end: the built widget in the sandbox's amoCRM page, the REAL companion
 * service, Chromium. A manager closes a deal lost with "Дорого" → one review task for the group's
 * head (also when amoCRM delivers the webhook three times) → the head returns it with advice in
 * the workspace → the deal is back with the manager, with the note and the manager's task, the
 * review task completed → the manager sees the advice in the card → the deal is won → the head's
 * outcomes show one recovered deal with its value.
 */
import { describe, expect, it } from 'vitest';
import { useE2E, type E2EHarness, type SandboxUser } from './harness';

const e2e = useE2E();
const VALUE = 250_000;

interface TaskWire { id: number; responsible_user_id: number; is_completed: boolean; text: string; entity_id: number }
interface NoteWire { note_type: string; params?: { text?: string } }


const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** amoCRM as an integration reads it; the harness waits out 429s (the token shares 7 rps with the service). */
const amo = <T>(h: E2EHarness, method: string, path: string, body?: unknown): Promise<T> => h.amoApi<T>(method, path, body);


async function until<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== null && found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    // The sandbox limits requests per second like amoCRM; the service shares that budget.
    await sleep(1_000);
  }
}

const tasksOf = async (h: E2EHarness, leadId: number): Promise<TaskWire[]> => {
  const body = await amo<{ _embedded?: { tasks?: TaskWire[] } } | null>(h, 'GET', `/api/v4/tasks?filter[entity_type]=leads&filter[entity_id]=${leadId}`);
  return body?._embedded?.tasks ?? [];
};

/** The head heads the manager's group; one rule: reason "Дорого" → a review task for that head. */
async function configure(h: E2EHarness, manager: SandboxUser, head: SandboxUser, reasonId: number): Promise<void> {
  const admin = h.user('admin');
  const current = (await h.serviceAs(admin, 'GET', '/api/v1/config')) as { version: number; config: Record<string, Record<string, unknown>> };
  const refusals = {
    ...current.config.refusals,
    rules: [{
      id: 'e2e', name: 'Дорого', enabled: true, lossReasonIds: [reasonId], groupReviewers: [{ groupId: manager.group_id, reviewerId: head.id }],
      fallbackReviewerId: null, taskTypeId: 1, samplingPercent: 100, taskText: 'Проверить отказ: {deal} ({reason}, {value})',
    }],
    adviceTemplates: [{ id: 'plan', title: 'Рассрочка', text: 'Предложите рассрочку на 3 месяца' }],
  };
  await h.serviceAs(admin, 'PUT', '/api/v1/config', {
    version: current.version, config: { ...current.config, heads: [{ groupId: manager.group_id, userIds: [head.id] }], refusals },
  });
}

describe('refusal control: review, return with advice, recovery', () => {
  it('creates one review task, returns the deal with advice, and counts it recovered once won', async () => {
    const { h } = e2e;
    const manager = h.user('manager');
    const head = h.sandbox.users.find((u) => u.role === 'head' && u.group_id === manager.group_id) ?? h.user('head');
    const reasons = await amo<{ _embedded: { loss_reasons: Array<{ id: number; name: string }> } }>(h, 'GET', '/api/v4/leads/loss_reasons');
    const expensive = reasons._embedded.loss_reasons.find((r) => r.name === 'Дорого');
    if (!expensive) throw new Error('the sandbox has no "Дорого" reason');
    await configure(h, manager, head, expensive.id);

    const pipelines = await amo<{ _embedded: { pipelines: Array<{ id: number; is_main: boolean; _embedded: { statuses: Array<{ id: number; type: number; sort: number }> } }> } }>(h, 'GET', '/api/v4/leads/pipelines');
    const main = pipelines._embedded.pipelines.find((p) => p.is_main);
    const stage = main?._embedded.statuses.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143).sort((a, b) => b.sort - a.sort)[0];
    if (!main || !stage) throw new Error('no open stage');
    const created = await amo<{ _embedded: { leads: Array<{ id: number }> } }>(h, 'POST', '/api/v4/leads', [{
      name: 'Отказ e2e', price: VALUE, responsible_user_id: manager.id, pipeline_id: main.id, status_id: stage.id,
    }]);
    const leadId = created._embedded.leads[0]?.id ?? 0;
    await fetch(`${h.sandbox.url}/_emulator/webhooks/deliveries`, { method: 'DELETE' });

    // The manager closes it lost with "Дорого", with their own session (as the card's status field would).
    await h.context.request.post(`${h.sandbox.url}/_emulator/session`, { data: { user_id: manager.id } });
    const closed = await h.context.request.patch(`${h.sandbox.url}/api/v4/leads`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' }, data: [{ id: leadId, status_id: 143, pipeline_id: main.id, loss_reason_id: expensive.id }],
    });
    expect(closed.ok()).toBe(true);

    const reviewTask = await until('the review task', async () => (await tasksOf(h, leadId)).find((t) => t.responsible_user_id === head.id));
    expect(reviewTask.text).toContain('Отказ e2e');

    // amoCRM delivers again (retries, a slow 2xx): the same body twice more → still one task.
    const { deliveries } = (await (await fetch(`${h.sandbox.url}/_emulator/webhooks/deliveries`)).json()) as {
      deliveries: Array<{ kind: string; destination: string; body: string }>;
    };
    const lost = deliveries.filter((d) => d.kind === 'webhook' && d.body.includes(String(leadId)));
    expect(lost.length).toBeGreaterThan(0);
    for (let i = 0; i < 2; i += 1) {
      for (const d of lost) await fetch(d.destination, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: d.body });
    }
    await new Promise((done) => setTimeout(done, 3_000));
    expect((await tasksOf(h, leadId)).filter((t) => t.responsible_user_id === head.id)).toHaveLength(1);

    // The head returns it from the workspace, with advice from a template.
    await h.loginAs(head);
    await h.page.locator('.fr-launcher__button').click();
    await h.page.locator('[data-fr-open-workspace]').click({ timeout: 20_000 });
    await h.page.locator(`[data-fr-review-item="${leadId}"]`).click({ timeout: 20_000 });
    await h.page.locator('[data-fr-action="return"]').waitFor();
    await h.screenshot('refusals-workspace');
    await h.page.locator('[data-fr-action="return"]').click();
    await h.page.locator('.fr-rf-chip', { hasText: 'Рассрочка' }).click();
    await h.page.locator('[data-fr-form="return"] button[type="submit"]').click();
    await h.page.locator('[data-fr-notice="returned"]').waitFor({ timeout: 20_000 });

    const lead = await amo<{ status_id: number; responsible_user_id: number }>(h, 'GET', `/api/v4/leads/${leadId}`);
    expect(lead).toMatchObject({ status_id: stage.id, responsible_user_id: manager.id });
    const notes = await amo<{ _embedded?: { notes?: NoteWire[] } } | null>(h, 'GET', `/api/v4/leads/${leadId}/notes`);
    expect(notes?._embedded?.notes?.some((n) => n.params?.text === 'Предложите рассрочку на 3 месяца')).toBe(true);
    const tasks = await tasksOf(h, leadId);
    expect(tasks.find((t) => t.id === reviewTask.id)?.is_completed).toBe(true);
    expect(tasks.some((t) => t.responsible_user_id === manager.id && !t.is_completed)).toBe(true);

    // The manager sees the advice in the card.
    await h.loginAs(manager, `/leads/detail/${leadId}`);
    await h.page.locator('[data-fr-advice]', { hasText: 'Предложите рассрочку на 3 месяца' }).waitFor({ timeout: 20_000 });
    await h.screenshot('refusals-card-advice');

    // Later the deal is won → the head's outcomes show one recovered deal with its value.
    await amo(h, 'PATCH', '/api/v4/leads', [{ id: leadId, status_id: 142, pipeline_id: main.id }]);
    // A week around the loss on the sandbox's clock, which the service follows.
    const nowSec = Math.floor(h.sandbox.clock.now() / 1000);
    const period = `from=${nowSec - 7 * 86_400}&to=${nowSec + 86_400}`;
    const outcomes = await until('the recovery', async () => {
      const o = (await h.serviceAs(head, 'GET', `/api/v1/refusals/outcomes?${period}`)) as { totals: { recovered: number; recoveredValue: number } };
      return o.totals.recovered > 0 ? o : null;
    });
    expect(outcomes.totals).toMatchObject({ recovered: 1, recoveredValue: VALUE });
    await h.loginAs(head);
    await h.page.locator('.fr-launcher__button').click();
    await h.page.locator('[data-fr-open-workspace]').click({ timeout: 20_000 });
    await h.page.locator('[data-fr-rf-tab="outcomes"]').click();
    expect(await h.page.locator('[data-fr-kpi="recovered"] .fr-rf-kpi__value').textContent({ timeout: 20_000 })).toBe('1');
    await h.screenshot('refusals-outcomes');
    expect(h.errors()).toEqual([]);
  });
});
