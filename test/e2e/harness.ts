/**
 * Real-browser harness: Debian's Chromium driven by playwright-core against the sandbox, which
 * serves the host page (test/emulator/host) and the BUILT widget from <repo>/widget exactly as
 * amoCRM would (`npm run build` runs before the e2e suite in `npm test`).
 *
 * Usage in a test file:
 *   const e2e = useE2E();                 // one browser + one sandbox per file
 *   await e2e.h.loginAs('manager');       // session cookie + open the board
 *   expect(await e2e.h.mountCount('launcher')).toBe(1);
 * A failing test leaves a full-page screenshot in test-results/.
 */
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { startSandbox } from '../emulator/server';
import { installWidget as installStackWidget, startStack, type Stack } from '../../scripts/stack';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS_DIR = join(REPO_ROOT, 'test-results');
export const WIDGET_CODE = 'focus_refusals';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type SandboxOptions = NonNullable<Parameters<typeof startSandbox>[0]>;
export type Role = 'admin' | 'head' | 'manager';
export type SandboxUser = Sandbox['users'][number];
export type MountName = 'launcher' | 'card' | 'settings' | 'advanced';

/** One record of window.__host.widgetCallsLog (test/emulator/host/public/js/widget-host.js). */
export interface CallRecord {
  callback: string;
  area: string;
  outcome: 'returned' | 'threw' | 'missing';
  result?: string;
}

/** A request the companion service received. */
interface ServiceHit { method: string; path: string; authToken: string | null }

/** The real companion service of the stack, with a log of the requests it received. */
export interface E2EService { url: string; hits: ServiceHit[]; running: Stack['service'] }

function observe(stack: Stack): E2EService {
  const hits: ServiceHit[] = [];
  // The Node server's own event: sees every request without touching the app's hooks.
  stack.service.app.server.on('request', (req: IncomingMessage) => {
    const token = req.headers['x-auth-token'];
    hits.push({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://service').pathname, authToken: typeof token === 'string' ? token : null });
  });
  return { url: stack.serviceUrl, hits, running: stack.service };
}

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export class E2EHarness {
  /** Uncaught exceptions in the page (pageerror). */
  readonly pageErrors: string[] = [];
  /** console.error calls and failed resource loads reported on the console. */
  readonly consoleErrors: string[] = [];
  private cdp: CDPSession | null = null;

  private constructor(
    readonly service: E2EService,
    readonly stack: Stack,
    readonly sandbox: Sandbox,
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (error) => this.pageErrors.push(error.stack ?? error.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
  }

  /**
   * @param installWidget install and enable the widget first (as an admin pressing Save would);
   *   scenarios start with it not installed, and amoCRM runs an uninstalled widget nowhere but the settings modal.
   */
  static async start(options: SandboxOptions = {}, installWidget = true): Promise<E2EHarness> {
    // The sandbox and the REAL companion service, connected through the widget install (OAuth).
    const stack = await startStack({ sandbox: { port: 0, widgetDir: join(REPO_ROOT, 'widget'), scenario: 'demo', seed: 1, ...options }, install: false });
    const { sandbox } = stack;
    const service = observe(stack);
    let browser: Browser | null = null;
    try {
      browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
      const page = await context.newPage();
      const harness = new E2EHarness(service, stack, sandbox, browser, context, page);
      if (installWidget) await installStackWidget(stack);
      return harness;
    } catch (error) {
      await browser?.close();
      await stack.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.stack.close();
  }

  /** Errors seen so far (page + console), for `expect(h.errors()).toEqual([])`. */
  errors(): string[] {
    return [...this.pageErrors, ...this.consoleErrors];
  }

  clearErrors(): void {
    this.pageErrors.length = 0;
    this.consoleErrors.length = 0;
  }

  user(role: Role): SandboxUser {
    const found = this.sandbox.users.find((u) => u.role === role);
    if (!found) throw new Error(`the sandbox scenario has no ${role}`);
    return found;
  }

  /**
   * amoCRM REST as a server integration calls it (the long-lived token). The token shares the
   * account's 7 requests/s with the service (its backfills and catch-up run from the start), so a
   * 429 means "wait a second and try again", as a polite integration does.
   */
  async amoApi<T>(method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const res = await fetch(`${this.sandbox.url}${path}`, {
        method, headers: { Authorization: `Bearer ${this.sandbox.longLivedToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status === 429 && attempt < 10) {
        await res.body?.cancel();
        await new Promise((done) => setTimeout(done, 1_000));
        continue;
      }
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
      return (res.status === 204 ? null : await res.json()) as T;
    }
  }

  /**
   * The companion service as `user` calls it from the widget: a sandbox session, amoCRM's one-time
   * token for it (X-Auth-Token), then the request. Fails on any non-2xx answer.
   */
  async serviceAs<T = unknown>(user: SandboxUser, method: 'GET' | 'PUT', path: string, body?: unknown): Promise<T> {
    await this.context.request.post(`${this.sandbox.url}/_emulator/session`, { data: { user_id: user.id } });
    const { token } = (await (await this.context.request.get(`${this.sandbox.url}/_emulator/one-time-token`)).json()) as { token: string };
    const res = await fetch(`${this.service.url}${path}`, {
      method, headers: { 'X-Auth-Token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** The main pipeline's id, read like a server integration would (long-lived token). */
  async mainPipelineId(): Promise<number> {
    const body = await this.amoApi<{ _embedded?: { pipelines?: Array<{ id: number; is_main: boolean }> } }>('GET', '/api/v4/leads/pipelines');
    const pipelines = body._embedded?.pipelines ?? [];
    const main = pipelines.find((p) => p.is_main) ?? pipelines[0];
    if (!main) throw new Error('the sandbox has no pipeline');
    return main.id;
  }

  /** Signs in as the first user with that role (or the given user) and opens `path` (default: the board). */
  async loginAs(who: Role | SandboxUser, path?: string): Promise<SandboxUser> {
    const user = typeof who === 'string' ? this.user(who) : who;
    // context.request shares the browser context's cookie jar, so the page gets the session too.
    const res = await this.context.request.post(`${this.sandbox.url}/_emulator/session`, { data: { user_id: user.id } });
    if (!res.ok()) throw new Error(`session for user ${user.id}: HTTP ${res.status()}`);
    await this.open(path ?? `/leads/pipeline/${await this.mainPipelineId()}`);
    return user;
  }

  /** What the settings modal's Save posts (docs/decisions/0001), sent with an admin's session. */
  async saveWidgetSettings(active: 'Y' | 'N', fields: Record<string, unknown>): Promise<void> {
    const admin = this.user('admin');
    const login = await this.context.request.post(`${this.sandbox.url}/_emulator/session`, { data: { user_id: admin.id } });
    if (!login.ok()) throw new Error(`admin session: HTTP ${login.status()}`);
    const res = await this.context.request.post(`${this.sandbox.url}/_emulator/widget/settings`, { data: { active, fields } });
    if (!res.ok()) throw new Error(`widget settings: HTTP ${res.status()} ${await res.text()}`);
  }

  /** Full page load of `path`; resolves when the host page has booted and entered the area. */
  async open(path: string): Promise<void> {
    await this.page.goto(`${this.sandbox.url}${path}`);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await this.page.waitForFunction(() => window.__host?.ready === true, null, { timeout: 20_000 });
  }

  /** SPA navigation (pushState, no page load), the way the left menu moves between areas. */
  async navigate(path: string): Promise<void> {
    await this.page.evaluate((p) => window.__host!.navigate(p), path);
  }

  /** Clicks an in-app link and waits until the host page has finished entering the next area. */
  async clickAndSettle(selector: string): Promise<void> {
    const before = await this.page.evaluate(() => window.__host!.navigations);
    await this.page.locator(selector).first().click();
    await this.page.waitForFunction((n) => window.__host!.navigations > n, before, { timeout: 15_000 });
  }

  area(): Promise<{ area: string | null; widgetsArea: string | null }> {
    return this.page.evaluate(() => ({ area: window.__host!.area, widgetsArea: window.__host!.widgetsArea }));
  }

  /** Waits until a mount is on screen: a visible element inside its root (roots may be 0×0 wrappers of fixed-position UI). */
  async waitForMount(name: MountName, within = 'body'): Promise<void> {
    await this.page.locator(`${within} [data-fr-mount="${name}"] *`).filter({ visible: true }).first().waitFor({ timeout: 15_000 });
  }

  mountCount(name: MountName): Promise<number> {
    return this.page.locator(`[data-fr-mount="${name}"]`).count();
  }

  callsLog(): Promise<CallRecord[]> {
    return this.page.evaluate(() => window.__host!.widgetCallsLog.slice());
  }

  /**
   * Live JS event listeners in the page after a forced GC (CDP Performance.getMetrics →
   * JSEventListeners): listeners on nodes already dropped do not count, leaked ones do.
   */
  /**
   * Live JS event listeners once the page has settled: read until two readings 300 ms apart agree
   * (at most ~5 s), so a lazy section finishing its load late (amoCRM answering 429 to the shared
   * budget) is not taken for a leak, while a leak per area switch still shows.
   */
  async listenerCount(): Promise<number> {
    let previous = await this.readListenerCount();
    for (let i = 0; i < 16; i += 1) {
      await new Promise((done) => setTimeout(done, 300));
      const current = await this.readListenerCount();
      if (current === previous) return current;
      previous = current;
    }
    return previous;
  }

  private async readListenerCount(): Promise<number> {
    if (!this.cdp) {
      this.cdp = await this.context.newCDPSession(this.page);
      await this.cdp.send('Performance.enable');
    }
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    const listeners = metrics.find((m) => m.name === 'JSEventListeners');
    if (!listeners) throw new Error('Chromium did not report JSEventListeners');
    return listeners.value;
  }

  async screenshot(name: string): Promise<string> {
    await mkdir(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }
}

/**
 * One harness per test file (beforeAll/afterAll), a screenshot in test-results/ for every failed
 * test, and errors cleared between tests so each test judges only its own.
 */
export function useE2E(options: SandboxOptions = {}, installWidget = true): { readonly h: E2EHarness } {
  let harness: E2EHarness | null = null;
  beforeAll(async () => {
    harness = await E2EHarness.start(options, installWidget);
  });
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach((ctx) => {
    harness?.clearErrors();
    ctx.onTestFailed(async () => {
      if (!harness) return;
      await harness.screenshot(`FAILED ${ctx.task.name}`).catch(() => undefined);
      const notes = harness.errors();
      if (notes.length > 0) console.error(`[e2e] page errors in "${ctx.task.name}":\n${notes.join('\n')}`);
    });
  });
  return {
    get h(): E2EHarness {
      if (!harness) throw new Error('the e2e harness is not started (use it inside tests)');
      return harness;
    },
  };
}

/** What the host page exposes to tests (test/emulator/host/public/js/main.js). */
interface HostHook {
  ready: boolean;
  area: string | null;
  widgetsArea: string | null;
  settledPath: string | null;
  navigations: number;
  widgetLoaded: boolean;
  widgetError: string | null;
  widgetCallsLog: CallRecord[];
  notifications: Array<{ kind: string; header: string; text: string }>;
  navigate(path: string): Promise<void>;
  rerender(): boolean;
  openSettings(): void;
}

declare global {
  interface Window {
    __host?: HostHook;
  }
}
