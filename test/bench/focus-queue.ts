/**
 * npm run bench:focus — the manager's focus queue in Chromium against the sandbox + real service.
 * Seeds 1,000 deals matching one manager's filter, opens the board as that manager and prints:
 *   BENCH focus_queue_requests <n> requests  amoCRM requests the widget made to build the queue (goal ≤ 4)
 *   BENCH focus_queue_ready_ms <ms> ms       from navigation to the launcher badge showing the count
 * Widget requests are told apart from the host page's own by their initiator (CDP): a call whose
 * stack runs through the widget's files (/upl/focus_refusals/widget/).
 * Build first (`npm run build`): the bench loads widget/ exactly as amoCRM would.
 * Exits 1 when the widget needs more than 4 amoCRM requests for the queue.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession } from 'playwright-core';
import { startStack } from '../../scripts/stack';
import { exitSoonAfterLastLine, reportGoals } from './exit';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const DEALS = 1000;
const WIDGET_FILES = '/upl/focus_refusals/widget/';

interface Frame { url: string }
interface Initiator { stack?: { callFrames: Frame[]; parent?: Initiator['stack'] } }

function fromWidget(initiator: Initiator): boolean {
  for (let stack = initiator.stack; stack; stack = stack.parent) {
    if (stack.callFrames.some((frame) => frame.url.includes(WIDGET_FILES))) return true;
  }
  return false;
}

/** Seeds the deals; returns the pipeline they are in. */
async function seed(url: string, token: string, managerId: number): Promise<number> {
  const headers = { Authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = (await (await fetch(`${url}/api/v4/leads/pipelines`, { headers })).json()) as {
    _embedded: { pipelines: Array<{ id: number; is_main: boolean; _embedded: { statuses: Array<{ id: number; type: number }> } }> };
  };
  const main = body._embedded.pipelines.find((p) => p.is_main);
  const stage = main?._embedded.statuses.find((s) => s.type === 0 && s.id !== 142 && s.id !== 143);
  if (!main || !stage) throw new Error('no open stage in the sandbox');
  for (let batch = 0; batch < DEALS / 250; batch += 1) {
    const leads = Array.from({ length: 250 }, (_, i) => ({
      name: `Bench ${batch * 250 + i}`, price: 1000 + i, responsible_user_id: managerId, pipeline_id: main.id, status_id: stage.id,
    }));
    const res = await fetch(`${url}/api/v4/leads`, { method: 'POST', headers, body: JSON.stringify(leads) });
    if (!res.ok) throw new Error(`seed: HTTP ${res.status} ${await res.text()}`);
  }
  return main.id;
}

async function main(): Promise<void> {
  const stack = await startStack({ sandbox: { port: 0, widgetDir: join(REPO_ROOT, 'widget'), scenario: 'empty', seed: 1 }, logLevel: 'error' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const { sandbox } = stack;
    const manager = sandbox.users.find((u) => u.role === 'manager');
    if (!manager) throw new Error('the scenario has no manager');
    const pipelineId = await seed(sandbox.url, sandbox.longLivedToken, manager.id);

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const login = await context.request.post(`${sandbox.url}/_emulator/session`, { data: { user_id: manager.id } });
    if (!login.ok()) throw new Error(`session: HTTP ${login.status()}`);
    const page = await context.newPage();
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const widgetCalls: string[] = [];
    let startedAt = Date.now();
    const timeline: string[] = [];
    cdp.on('Network.requestWillBeSent', (event) => {
      const requestUrl = new URL(event.request.url);
      if (process.env.BENCH_TRACE) timeline.push(`${Date.now() - startedAt}ms ${event.request.method} ${requestUrl.pathname}`);
      if (requestUrl.pathname.startsWith('/api/v4/') && fromWidget(event.initiator as Initiator)) widgetCalls.push(`${event.request.method} ${requestUrl.pathname}`);
    });

    startedAt = Date.now();
    await page.goto(`${sandbox.url}/leads/pipeline/${pipelineId}`, { waitUntil: 'commit' });
    await page.locator('[data-fr-badge]').filter({ hasText: String(DEALS) }).waitFor({ timeout: 60_000 });
    const readyMs = Date.now() - startedAt;

    if (process.env.BENCH_TRACE) console.warn(timeline.join('\n'));
    console.warn(`widget amoCRM requests: ${widgetCalls.join(', ')}`);
    process.stdout.write(`BENCH focus_queue_requests ${widgetCalls.length} requests\n`);
    process.stdout.write(`BENCH focus_queue_ready_ms ${readyMs} ms\n`);
    const coldRequests = widgetCalls.length;

    // Again with everything warm (the service's first answers, the browser cache of the chunks).
    widgetCalls.length = 0;
    startedAt = Date.now();
    await page.reload({ waitUntil: 'commit' });
    await page.locator('[data-fr-badge]').filter({ hasText: String(DEALS) }).waitFor({ timeout: 60_000 });
    process.stdout.write(`BENCH focus_queue_ready_warm_ms ${Date.now() - startedAt} ms\n`);
    process.stdout.write(`BENCH focus_queue_requests_warm ${widgetCalls.length} requests\n`);
    exitSoonAfterLastLine('focus-queue');
    reportGoals('focus-queue', coldRequests > 4 ? [`${coldRequests} amoCRM requests to build the queue, goal ≤ 4`] : []);
  } finally {
    await browser.close();
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
