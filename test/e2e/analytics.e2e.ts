/**
 * Sales-head analytics, end to end: the built widget in the sandbox's amoCRM page, the REAL
 * companion service (its mirror backfilled from the sandbox through amoCRM's API), Chromium.
 * A head opens «Аналитика» from the launcher: the weekly checklist shows the seeded manager with
 * the N open deals that have no task; a target for "deals without a task" turns that cell red;
 * the CSV download holds the numbers of the table on screen; the cohort funnel keeps this week's
 * leads (younger than the cut-off) apart and out of the mature total.
 */
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { installWidget } from '../../scripts/stack';
import { useE2E, type E2EHarness, type SandboxUser } from './harness';

// The empty account (users, pipelines, no deals): every deal here is the test's own. The widget is
// installed after seeding, so the service's first backfill reads them.
const e2e = useE2E({ scenario: 'empty' }, false);

const DAY = 86_400;
const WITHOUT_TASK = 3;
const OLD_DEALS = 6;
// Inside the default cohort window (the last 26 weeks), older than any sensible cut-off.
const OLD_AGE_DAYS = 150;

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** amoCRM as an integration reads it; the harness waits out 429s (the shared 7 rps). */
const amo = <T>(h: E2EHarness, method: string, path: string, body?: unknown): Promise<T> => h.amoApi<T>(method, path, body);


interface PipelineWire { id: number; is_main: boolean; _embedded: { statuses: Array<{ id: number; type: number; sort: number }> } }

/** The manager's deals: WITHOUT_TASK open without a task and one with a task, all created now; OLD_DEALS closed ones from OLD_AGE_DAYS days ago. */
async function seed(h: E2EHarness, manager: SandboxUser): Promise<{ pipelineId: number }> {
  const pipelines = await amo<{ _embedded: { pipelines: PipelineWire[] } }>(h, 'GET', '/api/v4/leads/pipelines');
  const main = pipelines._embedded.pipelines.find((p) => p.is_main);
  const first = main?._embedded.statuses.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143).sort((a, b) => a.sort - b.sort)[0];
  if (!main || !first) throw new Error('no open stage in the main pipeline');
  const now = Math.floor(h.sandbox.clock.now() / 1000);
  const lead = (name: string, createdAt: number) => ({ name, price: 100_000, responsible_user_id: manager.id, pipeline_id: main.id, status_id: first.id, created_at: createdAt });
  const fresh = await amo<{ _embedded: { leads: Array<{ id: number }> } }>(h, 'POST', '/api/v4/leads', [
    ...Array.from({ length: WITHOUT_TASK }, (_, i) => lead(`Без задачи ${i + 1}`, now - 3600)),
    lead('С задачей', now - 3600),
  ]);
  const withTask = fresh._embedded.leads[WITHOUT_TASK]?.id ?? 0;
  await amo(h, 'POST', '/api/v4/tasks', [{ text: 'Перезвонить', complete_till: now + 2 * DAY, entity_id: withTask, entity_type: 'leads', responsible_user_id: manager.id, task_type_id: 1 }]);
  const old = await amo<{ _embedded: { leads: Array<{ id: number }> } }>(h, 'POST', '/api/v4/leads',
    Array.from({ length: OLD_DEALS }, (_, i) => lead(`Старая ${i + 1}`, now - OLD_AGE_DAYS * DAY)));
  await amo(h, 'PATCH', '/api/v4/leads', old._embedded.leads.map((l, i) => ({ id: l.id, pipeline_id: main.id, status_id: i < 2 ? 142 : 143 })));
  return { pipelineId: main.id };
}

/** The head heads the manager's group (heads are the service's configuration). */
async function makeHead(h: E2EHarness, manager: SandboxUser, head: SandboxUser): Promise<void> {
  const admin = h.user('admin');
  const current = (await h.serviceAs(admin, 'GET', '/api/v1/config')) as { version: number; config: Record<string, unknown> };
  await h.serviceAs(admin, 'PUT', '/api/v1/config', { version: current.version, config: { ...current.config, heads: [{ groupId: manager.group_id, userIds: [head.id] }] } });
}

const rowSelector = (userId: number) => `[data-fr-an-table="checklist"] [data-fr-an-row="u${userId}"]`;

/** The screen's body rows of a table, without the sparkline column, as the CSV writes numbers (no grouping). */
async function screenRows(h: E2EHarness, table: string): Promise<string[][]> {
  return h.page.evaluate((name) => [...document.querySelectorAll(`[data-fr-an-table="${name}"] tbody tr`)].map((tr) =>
    [...tr.querySelectorAll('td')].filter((td) => td.querySelector('svg') === null && td.getAttribute('data-fr-an-col') !== 'trend')
      .map((td) => (td.textContent ?? '').replace(/(\d)[\s\u00a0\u202f](?=\d)/g, '$1').replace(/[\s\u00a0\u202f]%/, '%').replace('−', '-').replace('—', ''))), table);
}

function parseCsv(text: string, separator: string): string[][] {
  return text.replace(/^\ufeff/, '').trim().split('\r\n').map((line) => {
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i += 1) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
      } else if (c === '"') quoted = true;
      else if (c === separator) { fields.push(field); field = ''; } else field += c;
    }
    fields.push(field);
    return fields;
  });
}

describe('analytics for the sales head', () => {
  it('checklist with a seeded manager, a target that highlights, the CSV of the table, immature cohorts apart', async () => {
    const { h } = e2e;
    const manager = h.user('manager');
    const head = h.sandbox.users.find((u) => u.role === 'head' && u.group_id === manager.group_id) ?? h.user('head');
    const { pipelineId } = await seed(h, manager);
    await installWidget(h.stack);
    await makeHead(h, manager, head);

    await h.loginAs(head);
    await h.page.locator('.fr-launcher__button').first().click();
    const entry = h.page.locator('[data-fr-analytics-launcher] [data-fr-open-analytics]');
    await entry.waitFor({ timeout: 20_000 });
    expect(await h.page.locator('[data-fr-analytics-launcher]').getAttribute('data-fr-analytics-launcher')).toBe('head');
    await h.screenshot('analytics-launcher-1440');
    await entry.click();
    await h.page.locator('[data-fr-analytics]').waitFor({ timeout: 20_000 });

    // The mirror fills in the background: reopen the checklist until the seeded deals are there.
    const cell = h.page.locator(`${rowSelector(manager.id)} [data-fr-an-col="withoutTask.current"]`);
    const deadline = Date.now() + 90_000;
    while ((await cell.textContent({ timeout: 20_000 }).catch(() => null)) !== String(WITHOUT_TASK)) {
      if (Date.now() > deadline) throw new Error(`the checklist never showed ${WITHOUT_TASK} deals without a task (last: ${await cell.textContent().catch(() => 'none')})`);
      await sleep(2_000);
      await h.page.locator('[data-fr-an-tab="funnel"]').click();
      await h.page.locator('[data-fr-an-tab="checklist"]').click();
    }
    await h.page.locator('[data-fr-an-mirror]').waitFor({ state: 'detached', timeout: 60_000 });
    expect(await h.page.locator(`${rowSelector(manager.id)} [data-fr-an-col="openDeals.current"]`).textContent()).toBe(String(WITHOUT_TASK + 1));
    expect(await cell.getAttribute('class') ?? '').not.toContain('fr-an-bad');
    await h.screenshot('analytics-checklist-1440');

    // A target: at most 1 deal without a task, no deviation → the manager's cell is out of band.
    await h.page.locator('[data-fr-an-edit-targets]').click();
    const target = h.page.locator('[data-fr-an-target="withoutTask"]');
    await target.locator('[data-fr-an-target-on]').check();
    await target.locator('[data-fr-an-target-direction]').selectOption('at_most');
    await target.locator('[data-fr-an-target-value]').fill('1');
    await target.locator('[data-fr-an-target-deviation]').fill('0');
    await h.screenshot('analytics-targets-1440');
    await h.page.locator('[data-fr-an-target-save]').click();
    await h.page.locator('[data-fr-an-targets]').waitFor({ state: 'detached', timeout: 20_000 });
    await h.page.waitForFunction((sel) => document.querySelector(sel)?.classList.contains('fr-an-bad') === true,
      `${rowSelector(manager.id)} [data-fr-an-col="withoutTask.current"]`, { timeout: 20_000 });
    const saved = (await h.serviceAs(head, 'GET', '/api/v1/analytics/targets')) as { targets: Array<{ metric: string; value: number; groupId: number | null }> };
    expect(saved.targets).toEqual([expect.objectContaining({ metric: 'withoutTask', value: 1, groupId: manager.group_id })]);

    // The CSV download holds the table on screen.
    const [download] = await Promise.all([
      h.page.waitForEvent('download'),
      h.page.locator('[data-fr-an-table="checklist"] [data-fr-an-export="csv"]').click(),
    ]);
    const csv = parseCsv(await readFile(await download.path(), 'utf8'), ';');
    expect(csv[0]?.[0]).toBe('Менеджер');
    expect(csv.slice(1)).toEqual(await screenRows(h, 'checklist'));
    expect(csv.find((row) => row[0] === manager.name)?.[csv[0]?.indexOf('Сделки без задачи: Нед.') ?? -1]).toBe(String(WITHOUT_TASK));
    const [xlsx] = await Promise.all([h.page.waitForEvent('download'), h.page.locator('[data-fr-an-table="checklist"] [data-fr-an-export="xlsx"]').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^checklist-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheet = strFromU8(unzipSync(new Uint8Array(await readFile(await xlsx.path())))['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    expect(sheet).toContain(`<t xml:space="preserve">${manager.name}</t>`);
    // Open deals (B) and deals without a task (E) as numbers; last week's empty cells (no snapshot yet) are left out.
    expect(sheet).toMatch(new RegExp(`${manager.name}</t></is></c><c r="B(\\d+)" s="2"><v>${WITHOUT_TASK + 1}</v></c><c r="E\\1" s="2"><v>${WITHOUT_TASK}</v></c>`));
    await h.page.setViewportSize({ width: 1280, height: 720 });
    await h.screenshot('analytics-checklist-1280');
    await h.page.setViewportSize({ width: 1440, height: 900 });

    // Cohorts: this week's leads are too young at a 30-day cut-off; the mature total is the old cohort only.
    await h.page.locator('[data-fr-an-tab="cohorts"]').click();
    await h.page.locator('[data-fr-an-cutoff]').waitFor({ timeout: 20_000 });
    await h.page.locator('[data-fr-an-maturity]').fill('30');
    await h.page.locator('[data-fr-an-maturity-apply]').click();
    await h.page.waitForFunction(() => document.querySelector('[data-fr-an-cutoff]')?.getAttribute('data-fr-an-cutoff') === '30', null, { timeout: 20_000 });
    const apart = h.page.locator('[data-fr-an-immature]');
    expect(await apart.getAttribute('data-fr-an-immature')).toBe(String(WITHOUT_TASK + 1));
    const mature = await screenRows(h, 'cohorts');
    expect(mature.at(-1)?.[0]).toBe('Итого по зрелым');
    expect(mature.at(-1)?.[1]).toBe(String(OLD_DEALS));
    expect(mature.slice(0, -1).reduce((sum, row) => sum + Number(row[1]), 0)).toBe(OLD_DEALS);
    await h.screenshot('analytics-cohorts-1440');

    // The other views draw from the same mirror.
    await h.page.locator('[data-fr-an-tab="funnel"]').click();
    await h.page.locator('[data-fr-an-table="funnel"] tbody tr').first().waitFor({ timeout: 20_000 });
    await h.screenshot('analytics-funnel-1440');
    await h.page.locator('[data-fr-an-tab="losses"]').click();
    await h.page.locator('[data-fr-an-table="losses"]').waitFor({ timeout: 20_000 });
    await h.screenshot('analytics-losses-1440');
    await h.page.locator('[data-fr-an-tab="control"]').click();
    await h.page.locator('[data-fr-an-table="distant-tasks"]').waitFor({ timeout: 20_000 });
    await h.screenshot('analytics-control-1440');
    expect(pipelineId).toBeGreaterThan(0);

    // The manager: «My numbers», only their own row, no other views, no targets to edit.
    await h.loginAs(manager);
    await h.page.locator('.fr-launcher__button').first().click();
    const mine = h.page.locator('[data-fr-analytics-launcher="manager"] [data-fr-open-analytics]');
    await mine.click({ timeout: 20_000 });
    await h.page.locator(`${rowSelector(manager.id)}`).waitFor({ timeout: 20_000 });
    expect(await h.page.locator('[data-fr-an-table="checklist"] tbody tr').count()).toBe(1);
    expect(await h.page.locator('[data-fr-an-tab]').count()).toBe(1);
    expect(await h.page.locator('[data-fr-an-edit-targets]').count()).toBe(0);
    await h.screenshot('analytics-manager-1440');
    expect(h.errors()).toEqual([]);
  });
});
