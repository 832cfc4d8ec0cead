/**
 * The view check: every view of the widget, as a manager, a head and an admin, in every language
 * of the manifest, at 1440×900 and 1280×720, in Chromium against the sandbox and the real service
 * with the demo configuration (the one `npm start` sets up) and backfilled reviews.
 *
 * Each view leaves a screenshot in test-results/view-check/ (CI keeps test-results/ as artifacts)
 * and is checked in the page (./view-rules.ts): nothing visible overflows its container, is
 * clipped or truncated, or overlaps a sibling; no raw `{placeholder}`, i18n key, bare entity id
 * or string of another language is visible.
 *
 * One browser and one page for the whole file; a language is a cookie, a size a resize of the open view.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureDemo } from '../../scripts/demo-config';
import { REPO_ROOT, useE2E, type E2EHarness, type Role } from './harness';
import { inspectView, type ViewProblem } from './view-rules';

const e2e = useE2E();

const MANIFEST = JSON.parse(readFileSync(join(REPO_ROOT, 'manifest.json'), 'utf8')) as { widget: { locale: string[] } };
const LANGUAGES = MANIFEST.widget.locale;
const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1280, height: 720 }] as const;
const locale = (lang: string): unknown => JSON.parse(readFileSync(join(REPO_ROOT, 'i18n', `${lang}.json`), 'utf8'));

interface View {
  name: string;
  role: Role;
  /** Brings the page to the view from a fresh load (signed in as `role`); resolves when it is drawn. */
  open(h: E2EHarness, role: Role): Promise<void>;
}

const visible = (h: E2EHarness, selector: string) => h.page.locator(selector).filter({ visible: true }).first();

/** The board's path, read once: every view starts from a fresh load, and the sandbox limits requests per second. */
let boardPath = '';

async function openLauncher(h: E2EHarness, role: Role): Promise<void> {
  await h.loginAs(role, boardPath);
  await visible(h, '.fr-launcher__button').click();
  await visible(h, '#fr-launcher-panel').waitFor();
  // Sections load lazily and then read the service: wait until nothing is loading.
  await h.page.waitForFunction(() => document.querySelector('#fr-launcher-panel .fr-loading, #fr-launcher-panel [data-fr-ready-count="–"]') === null, null, { timeout: 20_000 });
}

async function waitSettled(h: E2EHarness): Promise<void> {
  await h.page.waitForFunction(() => document.querySelector('[data-fr-mount] .fr-loading, .fr-rf-layer .fr-loading') === null, null, { timeout: 20_000 });
}

async function openWorkspace(h: E2EHarness): Promise<void> {
  await openLauncher(h, 'head');
  await visible(h, '[data-fr-open-workspace]').click({ timeout: 20_000 });
  await visible(h, '.fr-rf-dialog').waitFor();
  await waitSettled(h);
}

async function openTeam(h: E2EHarness): Promise<void> {
  await openLauncher(h, 'head');
  await visible(h, '[data-fr-open-team]').click({ timeout: 20_000 });
  await visible(h, '[data-fr-team-place]').waitFor();
}

async function openAdvanced(h: E2EHarness, tab: string): Promise<void> {
  await h.loginAs('admin', '/settings/widgets/focus_refusals');
  await h.waitForMount('advanced');
  await visible(h, `[data-fr-tab="${tab}"]`).click();
  await visible(h, `[data-fr-tabpanel="${tab}"] > :not(h2)`).waitFor({ timeout: 20_000 });
  await waitSettled(h);
}

/** «Аналитика» on one tab (a manager sees only the checklist), once the mirror has filled. */
async function openAnalytics(h: E2EHarness, tab: string, table: string, role: Role = 'head'): Promise<void> {
  await openLauncher(h, role);
  await visible(h, '[data-fr-analytics-launcher] [data-fr-open-analytics]').click({ timeout: 20_000 });
  await visible(h, '[data-fr-analytics]').waitFor({ timeout: 20_000 });
  await h.page.locator('[data-fr-an-mirror]').waitFor({ state: 'detached', timeout: 90_000 });
  if (role !== 'manager') await visible(h, `[data-fr-an-tab="${tab}"]`).click();
  await visible(h, `[data-fr-an-table="${table}"]`).waitFor({ timeout: 20_000 });
  await waitSettled(h);
}

const VIEWS: View[] = [
  { name: 'manager-launcher', role: 'manager', open: openLauncher },
  {
    name: 'manager-card', role: 'manager',
    async open(h) {
      await h.loginAs('manager', boardPath);
      await h.clickAndSettle('.pipeline-lead');
      await h.waitForMount('card');
      await waitSettled(h);
    },
  },
  { name: 'manager-analytics', role: 'manager', open: (h) => openAnalytics(h, 'checklist', 'checklist', 'manager') },
  { name: 'head-launcher', role: 'head', open: openLauncher },
  {
    name: 'head-review', role: 'head',
    async open(h) {
      await openWorkspace(h);
      await visible(h, '[data-fr-review-item]').click({ timeout: 20_000 });
      await visible(h, '[data-fr-action="return"]').waitFor({ timeout: 20_000 });
      await waitSettled(h);
    },
  },
  {
    name: 'head-return-form', role: 'head',
    async open(h) {
      await openWorkspace(h);
      await visible(h, '[data-fr-review-item]').click({ timeout: 20_000 });
      await visible(h, '[data-fr-action="return"]').click({ timeout: 20_000 });
      await visible(h, '[data-fr-form="return"]').waitFor();
    },
  },
  {
    name: 'head-outcomes', role: 'head',
    async open(h) {
      await openWorkspace(h);
      await visible(h, '[data-fr-rf-tab="outcomes"]').click();
      await visible(h, '[data-fr-kpi]').waitFor({ timeout: 20_000 });
      await waitSettled(h);
    },
  },
  {
    name: 'head-team', role: 'head',
    async open(h) {
      await openTeam(h);
      await visible(h, '[data-fr-team-place] [data-fr-team]').waitFor({ timeout: 20_000 });
      await waitSettled(h);
    },
  },
  {
    name: 'head-team-distribution', role: 'head',
    async open(h) {
      await openTeam(h);
      await visible(h, '[data-fr-team-tab="distribution"]').click();
      await visible(h, '[data-fr-team-place] [data-fr-reports]').waitFor({ timeout: 20_000 });
      await waitSettled(h);
      await visible(h, '[data-fr-team-place] [data-fr-decision]').waitFor({ timeout: 20_000 });
    },
  },
  ...[['checklist', 'checklist'], ['funnel', 'funnel'], ['losses', 'losses'], ['cohorts', 'cohorts'], ['control', 'stuck']].map(([tab = '', table = '']): View => ({
    name: `head-analytics-${tab}`, role: 'head', open: (h) => openAnalytics(h, tab, table),
  })),
  { name: 'admin-focus', role: 'admin', open: (h) => openAdvanced(h, 'focus') },
  {
    name: 'admin-distribution', role: 'admin',
    async open(h) {
      await openAdvanced(h, 'distribution');
      // The decision log names deals once their names arrive from amoCRM.
      await visible(h, '[data-fr-decision] [data-fr-open-lead]').waitFor({ timeout: 20_000 });
    },
  },
  { name: 'admin-refusals', role: 'admin', open: (h) => openAdvanced(h, 'refusals') },
  { name: 'admin-heads', role: 'admin', open: (h) => openAdvanced(h, 'heads') },
  { name: 'admin-analytics', role: 'admin', open: (h) => openAdvanced(h, 'analytics') },
  {
    name: 'admin-settings', role: 'admin',
    async open(h) {
      await h.loginAs('admin', '/settings/widgets');
      await h.page.evaluate(() => window.__host!.openSettings());
      await h.waitForMount('settings', '.modal.focus_refusals');
      await waitSettled(h);
    },
  },
];

/** Names the account holds (people, groups, stages, loss reasons, task types, deals): data, not our text. */
async function accountNames(h: E2EHarness): Promise<string[]> {
  // Through the harness: the token shares the account's 7 requests/s with the service, so a 429
  // (nginx's HTML page, as amoCRM answers) is waited out, not read as JSON.
  const get = (path: string): Promise<unknown> => h.amoApi<unknown>('GET', path);
  const texts: string[] = [];
  const collect = (value: unknown, key = ''): void => {
    if (Array.isArray(value)) value.forEach((item) => collect(item, key));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) collect(v, k);
    else if (typeof value === 'string' && (key === 'name' || key === 'option' || key === 'title')) texts.push(value.trim());
  };
  for (const path of ['/api/v4/leads/pipelines', '/api/v4/leads/loss_reasons', '/api/v4/users?limit=250', '/api/v4/account?with=users_groups,task_types', '/api/v4/leads?limit=250']) {
    collect(await get(path));
  }
  return texts;
}

async function seed(h: E2EHarness): Promise<void> {
  await configureDemo(h.stack);
  // Reviews for the deals the demo account lost in the last three months, as an admin starts it.
  const admin = h.user('admin');
  await h.context.request.post(`${h.sandbox.url}/_emulator/session`, { data: { user_id: admin.id } });
  const { token } = (await (await h.context.request.get(`${h.sandbox.url}/_emulator/one-time-token`)).json()) as { token: string };
  const nowSec = Math.floor(h.sandbox.clock.now() / 1000);
  const call = (method: string, path: string, body?: unknown) => fetch(`${h.service.url}${path}`, {
    method, headers: { 'X-Auth-Token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const started = await call('POST', '/api/v1/refusals/backfill', { from: nowSec - 90 * 86_400, to: nowSec });
  if (!started.ok) throw new Error(`backfill: HTTP ${started.status} ${await started.text()}`);
  await until('the backfill', async () => {
    const progress = (await (await call('GET', '/api/v1/refusals/backfill')).json()) as { state: string };
    if (progress.state === 'failed') throw new Error('backfill failed');
    return progress.state === 'done' ? true : null;
  });
  // The analytics mirror filled, as an admin's first visit starts it: the views show the account's numbers.
  const mirror = await call('POST', '/api/v1/analytics/backfill');
  if (!mirror.ok) throw new Error(`analytics backfill: HTTP ${mirror.status} ${await mirror.text()}`);
  await until('the analytics mirror', async () => {
    const status = (await (await call('GET', '/api/v1/analytics/status')).json()) as { state: string };
    if (status.state === 'failed') throw new Error('analytics backfill failed');
    return status.state === 'ready' ? true : null;
  }, 180);
  // Two new leads where the Digital Pipeline action sits, so the decision log has entries to show.
  const pipelines = await h.amoApi<{
    _embedded: { pipelines: Array<{ id: number; is_main: boolean; _embedded: { statuses: Array<{ id: number; name: string }> } }> };
  }>('GET', '/api/v4/leads/pipelines');
  const main = pipelines._embedded.pipelines.find((p) => p.is_main);
  const stage = main?._embedded.statuses.find((s) => s.name === 'Первичный контакт');
  if (!main || !stage) throw new Error('the demo pipeline has no «Первичный контакт»');
  await h.amoApi('POST', '/api/v4/leads', [1, 2].map((n) => ({ name: `Входящая заявка ${n}`, price: 10_000 * n, pipeline_id: main.id, status_id: stage.id })));
  const nowMs = h.sandbox.clock.now();
  await until('distribution decisions', async () => {
    const log = (await (await call('GET', `/api/v1/distribution/log?from=${nowMs - 86_400_000}&to=${nowMs + 86_400_000}`)).json()) as { entries?: unknown[] };
    return (log.entries?.length ?? 0) > 0 ? true : null;
  });
}


async function until(what: string, probe: () => Promise<true | null>, seconds = 30): Promise<void> {
  for (let i = 0; i < seconds * 2; i += 1) {
    if (await probe()) return;
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('view check: every view, persona, language and size', () => {
  let names: string[] = [];
  beforeAll(async () => {
    boardPath = `/leads/pipeline/${await e2e.h.mainPipelineId()}`;
    await seed(e2e.h);
    names = await accountNames(e2e.h);
  }, 300_000); // the reviews' backfill and the analytics mirror fill within the sandbox's rate limit

  it.each(LANGUAGES)('shows every view cleanly in %s', async (lang) => {
    const { h } = e2e;
    await h.context.addCookies([{ name: 'amo_lang', value: lang, url: h.sandbox.url }]);
    const strings = { own: locale(lang), english: locale('en'), russian: locale('ru') };
    const problems: ViewProblem[] = [];
    // Each view is opened once and judged at every size: a resize re-lays it out like a smaller screen would.
    for (const view of VIEWS) {
      await h.page.setViewportSize(VIEWPORTS[0]);
      try {
        await view.open(h, view.role);
      } catch (error) {
        await h.screenshot(`view-check/${lang}-${view.name}-not-opened`);
        problems.push({ view: `${lang} ${view.name}`, kind: 'not-opened', detail: String(error).split('\n')[0] ?? '' });
        continue;
      }
      for (const size of VIEWPORTS) {
        await h.page.setViewportSize(size);
        await h.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        const where = `${lang} ${size.width}x${size.height} ${view.name}`;
        await h.screenshot(`view-check/${lang}-${size.width}x${size.height}-${view.name}`);
        for (const problem of await inspectView(h.page, lang, strings, names)) problems.push({ ...problem, view: where });
      }
    }
    expect(problems.map((p) => `${p.view}: ${p.kind}: ${p.detail}`)).toEqual([]);
    expect(h.errors()).toEqual([]);
  }, 300_000); // ~24 views × 2 sizes; one language took 50–180 s on a 2-core machine, by load
});
