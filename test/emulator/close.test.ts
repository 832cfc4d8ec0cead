/**
 * `sandbox.close()` must return promptly whatever its outgoing queue holds: `npm run bench:refusals`
 * hung for 10 minutes because close() waited on webhook deliveries it kept retrying to the
 * service that had already stopped.
 */
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './server';
import { MAX_IN_FLIGHT_PER_DESTINATION } from './webhooks-out';
import { bearerClient, dev, NOW, waitFor } from './test-support';

const fast = { rateLimit: { perIntegration: 10_000, perAccount: 10_000 } };

/** Accepts connections and never answers: a destination that hangs every delivery. */
async function startBlackHole(): Promise<{ url: string; accepted: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createTcpServer((socket) => { accepted += 1; sockets.add(socket); socket.on('error', () => {}); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted: () => accepted,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

/** A port nobody listens on: every delivery is refused and scheduled for a retry. */
async function deadPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function portIsFree(port: number): Promise<boolean> {
  const probe = createTcpServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Milliseconds close() took, or Infinity when it had not returned after 5 s. */
async function timeClose(sb: Sandbox): Promise<number> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const returned = await Promise.race([
    sb.close().then(() => true),
    new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), 5_000); }),
  ]);
  clearTimeout(timer);
  return returned ? performance.now() - started : Number.POSITIVE_INFINITY;
}

let hole: Awaited<ReturnType<typeof startBlackHole>> | undefined;
afterEach(async () => { await hole?.close(); hole = undefined; });

describe('sandbox close()', () => {
  it('returns within 2 s with deliveries in flight and queued behind them to a destination that never answers', async () => {
    hole = await startBlackHole();
    const sb = await startSandbox({ scenario: 'empty', now: NOW, ...fast, dpWebhookUrl: `${hole.url}/dp` });
    const port = Number(new URL(sb.url).port);
    await bearerClient(sb)('POST', '/api/v4/webhooks', { destination: `${hole.url}/hook`, settings: ['add_lead', 'update_lead'] });
    const count = MAX_IN_FLIGHT_PER_DESTINATION * 5;
    await bearerClient(sb)('POST', '/api/v4/leads', Array.from({ length: count }, (_, i) => ({ name: `Очередь ${i}` })));
    const blackHole = hole;
    await waitFor(() => blackHole.accepted() >= MAX_IN_FLIGHT_PER_DESTINATION);
    expect(await timeClose(sb)).toBeLessThan(2_000);
    expect(await portIsFree(port)).toBe(true);
  });

  it('returns within 2 s with retries scheduled for a destination that refuses connections', async () => {
    const sb = await startSandbox({ scenario: 'empty', now: NOW, ...fast });
    const dead = `http://127.0.0.1:${await deadPort()}/hook`;
    await bearerClient(sb)('POST', '/api/v4/webhooks', { destination: dead, settings: ['add_lead'] });
    await bearerClient(sb)('POST', '/api/v4/leads', Array.from({ length: 20 }, (_, i) => ({ name: `Ретрай ${i}` })));
    // Every first attempt failed and now waits for its retry (5 minutes of sandbox time).
    await waitFor(async () => {
      const { deliveries } = await dev(sb, 'GET', '/webhooks/deliveries') as { deliveries: unknown[] };
      return deliveries.length >= 20;
    });
    sb.clock.advance(5 * 60_000); // the retries come due while closing
    expect(await timeClose(sb)).toBeLessThan(2_000);
  });
});
