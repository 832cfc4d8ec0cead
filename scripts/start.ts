/**
 * `npm start`: builds the widget, starts the local amoCRM sandbox (demo account) and the companion
 * service on an embedded PostgreSQL (PGlite in .data/service), installs the widget the way an
 * admin would (OAuth code → service), and prints where to go and who to be.
 * Ports: SANDBOX_PORT (8780), PORT (8790). KEEP_DATA=1 keeps the service's data between runs.
 */
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { configureDemo } from './demo-config';
import { freePort, startStack } from './stack';

const ROOT = join(import.meta.dirname, '..');
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 8780);
const servicePort = Number(process.env.PORT ?? 8790);
const dataDir = join(ROOT, '.data', 'service');

function build(): void {
  process.stdout.write('Building the widget…\n');
  const result = spawnSync('npx', ['webpack', '--mode', 'production'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DP_WEBHOOK_URL: `http://127.0.0.1:${servicePort}/webhooks/dp` },
  });
  if (result.status !== 0) throw new Error('the widget build failed (see above)');
}

async function main(): Promise<void> {
  build();
  // The sandbox starts fresh every time, so the service's data must too (unless asked otherwise).
  if (process.env.KEEP_DATA !== '1') await rm(dataDir, { recursive: true, force: true });
  const stack = await startStack({
    sandbox: { port: sandboxPort || (await freePort()), scenario: 'demo', seed: 1, widgetDir: join(ROOT, 'widget') },
    servicePort,
    dataDir,
    logLevel: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'warn',
    sandboxClock: false,
  });
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
    `  Companion service  ${stack.serviceUrl}   (healthz, metrics; data in .data/service)`,
    `  amoCRM REST API    ${sandbox.url}/api/v4/…   long-lived token (acts as the admin):`,
    `    ${sandbox.longLivedToken}`,
    `    curl -H "Authorization: Bearer ${sandbox.longLivedToken}" ${sandbox.url}/api/v4/account`,
    `  Sandbox developer API  ${sandbox.url}/_emulator/…   (see test/emulator/README.md)`,
    '',
    '  Ctrl+C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  const stop = () => {
    stack.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
