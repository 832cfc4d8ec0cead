/**
 * `npm run sandbox`: the amoCRM sandbox on SANDBOX_PORT (default 8780), configured from the
 * environment (see README.md). Prints where it listens, who can log in, and the admin's token.
 */
import { startSandbox } from './server';
import { SCENARIOS, type ScenarioName } from './scenarios/index';

const env = process.env;
const isScenario = (s: string | undefined): s is ScenarioName => SCENARIOS.some((x) => x === s);

async function main(): Promise<void> {
  const scenario = env.SANDBOX_SCENARIO;
  if (scenario !== undefined && !isScenario(scenario)) throw new Error(`SANDBOX_SCENARIO must be one of ${SCENARIOS.join(', ')}`);
  const integration = Object.fromEntries(Object.entries({
    client_id: env.SANDBOX_CLIENT_ID, client_secret: env.SANDBOX_CLIENT_SECRET, redirect_uri: env.SANDBOX_REDIRECT_URI,
  }).filter(([, v]) => v !== undefined && v !== ''));
  const sandbox = await startSandbox({
    port: Number(env.SANDBOX_PORT ?? 8780),
    scenario: scenario ?? 'demo',
    seed: env.SANDBOX_SEED ? Number(env.SANDBOX_SEED) : undefined,
    integration,
    dpWebhookUrl: env.SANDBOX_DP_WEBHOOK_URL || undefined,
  });
  const lines = [
    `amoCRM sandbox listening on ${sandbox.url} (account ${sandbox.accountId}, subdomain ${sandbox.subdomain})`,
    `  integration client_id=${sandbox.integration.client_id} redirect_uri=${sandbox.integration.redirect_uri}`,
    `  long-lived token (admin): ${sandbox.longLivedToken}`,
    '  users:',
    ...sandbox.users.map((u) => `    ${u.id}  ${u.role.padEnd(7)} group ${u.group_id}  ${u.name}`),
    `  open ${sandbox.url}/leads/pipeline/7480001 ; developer API under ${sandbox.url}/_emulator/`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  // close() cancels outgoing deliveries and ends connections, so it returns within 2 s; the timer
  // is the backstop, and a second signal does not wait at all. (Started by `exec node`: npm's
  // forwarded signal reaches this process — see package.json.)
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    stopping = true;
    setTimeout(() => process.exit(1), 4_000).unref();
    sandbox.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
