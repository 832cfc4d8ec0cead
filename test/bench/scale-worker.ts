/**
 * One "service instance" of `npm run bench:scale` (a child process): the service's amoCRM client
 * with the account budget shared through PostgreSQL (src/service/accounts/shared-budget.ts),
 * calling every sandbox account as fast as its budget lets it.
 * argv: JSON { databaseUrl, accounts: [{ url, token }], requestsPerAccount }.
 */
import { createAmoClient } from '../../src/amo/client';
import { createBearerTransport, staticToken } from '../../src/amo/transport';
import { createSharedBudgets } from '../../src/service/accounts/shared-budget';
import { openStore } from '../../src/service/store/db';

interface WorkerInput { databaseUrl: string; accounts: Array<{ url: string; token: string }>; requestsPerAccount: number }

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as WorkerInput;
  const store = await openStore({ databaseUrl: input.databaseUrl, poolSize: 4 });
  const budgets = createSharedBudgets({ db: store.db });
  let done = 0;
  await Promise.all(input.accounts.map(async (account) => {
    const transport = createBearerTransport({ baseUrl: account.url, tokens: staticToken(account.token) });
    const amo = createAmoClient(transport, { budget: budgets.for(transport.budgetKey) });
    await Promise.all(Array.from({ length: input.requestsPerAccount }, async () => {
      await amo.request('GET', '/api/v4/account');
      done += 1;
      process.stdout.write(`done ${done}\n`);
    }));
  }));
  await store.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`scale worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
