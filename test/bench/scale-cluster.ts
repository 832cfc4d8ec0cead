/**
 * The parts of `npm run bench:scale` a run is made of: sandbox accounts with deals to lose, real
 * service instances in their own processes (./scale-instance.ts), and a load balancer in front of
 * them the way the README's "Several instances" describes (round robin; a connection refused —
 * a dead instance — goes to the next one; anything else failing after the request was sent
 * answers 502, as nginx does for a POST, so amoCRM retries it later).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox } from '../emulator/server';
import { openSession, type Session } from './refusal-setup';

const INSTANCE = fileURLToPath(new URL('./scale-instance.ts', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface SandboxAccount {
  sandbox: Sandbox;
  session: Session;
  /** The open deals the run closes as lost. */
  leadIds: number[];
  admin: { id: number };
  heads: Array<{ id: number; group_id: number }>;
}

interface StateDump { pipelines: Array<{ id: number; _embedded: { statuses: Array<{ id: number; type: number }> } }> }

/**
 * One sandbox per entry of `dealsPerAccount` (account ids 32000001…, subdomains scale1…), each with
 * that many open deals, made before any webhook subscription exists.
 */
export async function startAccounts(dealsPerAccount: readonly number[]): Promise<SandboxAccount[]> {
  return Promise.all(dealsPerAccount.map(async (deals, i) => {
    const sandbox = await startSandbox({ port: 0, scenario: 'small', seed: i + 1, now: Date.now(), account: { id: 32_000_001 + i, subdomain: `scale${i + 1}` } });
    const admin = sandbox.users.find((u) => u.role === 'admin');
    if (admin === undefined) throw new Error('sandbox without an admin');
    const session = await openSession(sandbox.url, admin.id);
    const pipeline = (await session<StateDump>('GET', '/_emulator/state')).pipelines[0];
    const firstStage = pipeline?._embedded.statuses.find((s) => s.type === 0);
    if (pipeline === undefined || firstStage === undefined) throw new Error('sandbox without an open stage');
    const managers = sandbox.users.filter((u) => u.role === 'manager');
    const leadIds: number[] = [];
    for (let from = 0; from < deals; from += 250) {
      const batch = Array.from({ length: Math.min(250, deals - from) }, (_, k) => ({
        name: `Scale loss ${from + k}`, price: 10_000 + from + k, pipeline_id: pipeline.id, status_id: firstStage.id,
        responsible_user_id: managers[(from + k) % managers.length]?.id ?? admin.id,
      }));
      const created = await session<{ _embedded: { leads: Array<{ id: number }> } }>('POST', '/api/v4/leads', batch);
      leadIds.push(...created._embedded.leads.map((l) => l.id));
    }
    return { sandbox, session, leadIds, admin, heads: sandbox.users.filter((u) => u.role === 'head') };
  }));
}

/** Closes every deal of every account as lost, 250 per request (each sandbox then sends update_lead + status_lead per deal). */
export async function loseAll(accounts: readonly SandboxAccount[]): Promise<void> {
  await Promise.all(accounts.map(async ({ session, leadIds }) => {
    for (let from = 0; from < leadIds.length; from += 250) {
      await session('PATCH', '/api/v4/leads', leadIds.slice(from, from + 250).map((id) => ({ id, status_id: 143, loss_reason_id: null })));
    }
  }));
}

export interface Instance { name: string; port: number; child: ChildProcess; exited: Promise<void> }

export interface InstanceSetup { databaseUrl: string; publicUrl: string; integration: Sandbox['integration']; allowedOrigins: string[] }

/** Starts one instance process and waits for its READY line; its log (errors only) goes to stderr. */
export async function startInstance(name: string, setup: InstanceSetup, connect: ReadonlyArray<{ url: string; token: string }> = [], port?: number): Promise<Instance> {
  const listenPort = port ?? await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', INSTANCE], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PORT: String(listenPort), HOST: '127.0.0.1', PUBLIC_URL: setup.publicUrl, DATABASE_URL: setup.databaseUrl,
      AMO_CLIENT_ID: setup.integration.client_id, AMO_CLIENT_SECRET: setup.integration.client_secret,
      AMO_REDIRECT_URI: setup.integration.redirect_uri, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      ALLOWED_ORIGINS: setup.allowedOrigins.join(','), LOG_LEVEL: 'error', SHUTDOWN_GRACE_MS: '2000',
      SCALE_CONNECT: JSON.stringify(connect),
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      let newline = out.indexOf('\n');
      while (newline >= 0) {
        const line = out.slice(0, newline);
        out = out.slice(newline + 1);
        if (line.startsWith('READY ')) resolve();
        else if (line.trim() !== '') process.stderr.write(`[${name}] ${line}\n`);
        newline = out.indexOf('\n');
      }
    });
    void exited.then(() => reject(new Error(`${name} exited before it was ready`)));
  });
  return { name, port: listenPort, child, exited };
}

/** SIGTERM (graceful) to every instance still running; waits for them. */
export async function stopInstances(instances: readonly Instance[]): Promise<void> {
  await Promise.all(instances.map(async (instance) => {
    if (instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill('SIGTERM');
    await instance.exited;
  }));
}

interface Balancer { url: string; setUpstreams(ports: readonly number[]): void; forwarded(): number; lastRequestAt(): number; close(): Promise<void> }

export async function startBalancer(): Promise<Balancer> {
  let upstreams: number[] = [];
  let next = 0;
  let forwarded = 0;
  let lastRequestAt = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((request, response) => {
    lastRequestAt = Date.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (tries: number): void => {
        const port = upstreams[next++ % upstreams.length];
        if (port === undefined || tries >= upstreams.length) {
          response.writeHead(502).end();
          return;
        }
        const upstream = http.request({ host: '127.0.0.1', port, path: request.url, method: request.method, headers: request.headers, agent }, (answer) => {
          forwarded += 1;
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        });
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED') attempt(tries + 1);
          else if (!response.headersSent) response.writeHead(502).end();
          else response.destroy();
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('balancer did not bind');
  return {
    url: `http://127.0.0.1:${address.port}`,
    setUpstreams: (ports) => { upstreams = [...ports]; },
    forwarded: () => forwarded,
    lastRequestAt: () => lastRequestAt,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
