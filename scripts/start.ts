/**
 * `npm start`: builds the widget, starts the local amoCRM sandbox (demo account) and the companion
 * service on an embedded PostgreSQL (PGlite in .data/service), installs the widget the way an
 * admin would (OAuth code → service), and prints where to go and who to be.
 * Ports: SANDBOX_PORT (8780), PORT (8790). KEEP_DATA=1 keeps the service's data between runs;
 * START_DATA_DIR moves it (tests).
 *
 * SIGTERM or SIGINT at any point — during the build too — stops everything this command started
 * within 5 s: the build's process group, the service (jobs get STOP_GRACE_MS), the sandbox.
 * package.json runs this file with `exec node`, so npm's forwarded signal reaches this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { exitOnStopSignals } from '../src/service/stop-signals';
import { configureDemo } from './demo-config';
import { freePort, startStack, type Stack } from './stack';

const ROOT = join(import.meta.dirname, '..');
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 8780);
const servicePort = Number(process.env.PORT ?? 8790);
const dataDir = process.env.START_DATA_DIR ? resolve(process.env.START_DATA_DIR) : join(ROOT, '.data', 'service');
/** Running jobs of the local service get this long on Ctrl+C: the whole stack is down within 5 s. */
const STOP_GRACE_MS = 2_000;
const HARD_EXIT_MS = 4_500;

let building: ChildProcess | undefined;
let stack: Stack | undefined;
let stopping = false;

/** webpack in a process group of its own, so a stop ends it and everything it spawned. */
function build(): Promise<void> {
  process.stdout.write('Building the widget…\n');
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'production'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], detached: true,
    env: { ...process.env, DP_WEBHOOK_URL: `http://127.0.0.1:${servicePort}/webhooks/dp` },
  });
  building = child;
  return new Promise((resolveBuild, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      building = undefined;
      if (code === 0) resolveBuild();
      else reject(new Error(stopping ? 'stopped during the build' : 'the widget build failed (see above)'));
    });
  });
}

function stopBuild(): void {
  if (building?.pid === undefined) return;
  try {
    process.kill(-building.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

exitOnStopSignals(async () => {
  stopping = true;
  stopBuild();
  await stack?.close();
}, { hardExitMs: HARD_EXIT_MS, onForcedExit: stopBuild });

async function main(): Promise<void> {
  await build();
  // The sandbox starts fresh every time, so the service's data must too (unless asked otherwise).
  if (process.env.KEEP_DATA !== '1') await rm(dataDir, { recursive: true, force: true });
  if (stopping) return;
  stack = await startStack({
    sandbox: { port: sandboxPort || (await freePort()), scenario: 'demo', seed: 1, widgetDir: join(ROOT, 'widget') },
    servicePort,
    dataDir,
    logLevel: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'warn',
    sandboxClock: false,
    shutdownGraceMs: STOP_GRACE_MS,
  });
  // A signal while the stack was starting found nothing to close yet: close it now.
  if (stopping) {
    await stack.close();
    return;
  }
  await configureDemo(stack);
  const { sandbox } = stack;
  const roles: Record<string, string> = { admin: 'администратор', head: 'руководитель отдела', manager: 'менеджер' };
  const lines = [
    '',
    `  Focus & Refusals is running.`,
    '',
    `  Open  ${sandbox.url}/   (the local amoCRM with the widget installed)`,
    `  Configured: heads of both groups, focus on «КП отправлено» + «Дожим», round-robin distribution`,
    `  of new leads in «Первичный контакт» (Digital Pipeline action), review of losses by price/competitor/silence.`,
    `  Act as any user with the switcher in the top bar:`,
    ...sandbox.users.map((u) => `    ${String(u.id).padEnd(9)} ${u.name.padEnd(24)} ${roles[u.role] ?? u.role}${u.group_id ? ` · group ${u.group_id}` : ''}`),
    '',
    `  Companion service  ${stack.serviceUrl}   (healthz, metrics; data in ${relative(ROOT, dataDir) || '.'})`,
    `  amoCRM REST API    ${sandbox.url}/api/v4/…   long-lived token (acts as the admin):`,
    `    ${sandbox.longLivedToken}`,
    `    curl -H "Authorization: Bearer ${sandbox.longLivedToken}" ${sandbox.url}/api/v4/account`,
    `  Sandbox developer API  ${sandbox.url}/_emulator/…   (see test/emulator/README.md)`,
    '',
    '  Ctrl+C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch(async (error: unknown) => {
  if (stopping) return; // the signal handler exits
  console.error(error instanceof Error ? error.message : error);
  stopBuild();
  await stack?.close().catch(() => undefined);
  process.exit(1);
});
