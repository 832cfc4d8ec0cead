/**
 * The README's commands, run for real as a user runs them (`npm start`, `npm run sandbox`,
 * `npm run service`): a signal to the PID the user started — npm's — must stop every process the
 * command started, and free its ports, within 5 s. npm forwards the signal to its child only; a
 * `sh -c` in between died of it and left tsx and the node process running with their ports taken.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const STOP_WITHIN_MS = 5_000;

interface ProcessInfo { pid: number; ppid: number; startTime: string; state: string }

/** Every process on the machine, from /proc (Linux: what CI and the dev machine run). */
async function processTable(): Promise<Map<number, ProcessInfo>> {
  const table = new Map<number, ProcessInfo>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may contain spaces and parentheses; split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { pid: Number(entry), state: fields[0] ?? '', ppid: Number(fields[1]), startTime: fields[19] ?? '' });
    } catch {
      // Exited while we read.
    }
  }
  return table;
}

/** The process and all its descendants, identified by pid and start time (pids get reused). */
async function processTree(rootPid: number): Promise<ProcessInfo[]> {
  const table = await processTable();
  const tree: ProcessInfo[] = [];
  const visit = (pid: number): void => {
    const info = table.get(pid);
    if (info === undefined) return;
    tree.push(info);
    for (const child of table.values()) if (child.ppid === pid) visit(child.pid);
  };
  visit(rootPid);
  return tree;
}

async function stillAlive(processes: readonly ProcessInfo[]): Promise<ProcessInfo[]> {
  const table = await processTable();
  return processes.filter((p) => {
    const now = table.get(p.pid);
    return now !== undefined && now.startTime === p.startTime && now.state !== 'Z';
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

interface Started { child: ChildProcess; output: () => string }

/** `npm run <script>` as a user starts it; resolves when `ready` shows in its output. */
async function startNpm(args: string[], env: Record<string, string | undefined>, ready: RegExp, timeoutMs: number): Promise<Started> {
  const child = spawn('npm', args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  const collect = (chunk: Buffer): void => { output += chunk.toString(); };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${ready} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = (): void => {
      if (!ready.test(output)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm ${args.join(' ')} exited (${code ?? signal}) before ${ready}:\n${output}`));
    });
  });
  return { child, output: () => output };
}

interface StopResult { leftProcesses: ProcessInfo[]; takenPorts: number[]; treeSize: number }

/** Sends `signal` to npm's PID and waits up to 5 s for the whole tree to go and the ports to free. */
async function stopAndWatch(started: Started, signal: NodeJS.Signals, ports: number[]): Promise<StopResult> {
  const pid = started.child.pid;
  if (pid === undefined) throw new Error('npm did not start');
  const tree = await processTree(pid);
  signalled.push(...tree);
  process.kill(pid, signal);
  const deadline = Date.now() + STOP_WITHIN_MS;
  for (;;) {
    const leftProcesses = await stillAlive(tree);
    const takenPorts: number[] = [];
    for (const port of ports) if (!await portIsFree(port)) takenPorts.push(port);
    if ((leftProcesses.length === 0 && takenPorts.length === 0) || Date.now() > deadline) {
      return { leftProcesses, takenPorts, treeSize: tree.length };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const running: ChildProcess[] = [];
/** Trees as they were when signalled: orphans no longer hang below npm's PID. */
const signalled: ProcessInfo[] = [];
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  // A failed test must not leave a stack behind for the next one (or the machine).
  const trees = [...signalled.splice(0)];
  for (const child of running.splice(0)) if (child.pid !== undefined) trees.push(...await processTree(child.pid));
  for (const p of await stillAlive(trees)) {
    try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
  }
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scripts-stop-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function serviceEnv(port: number, dataDir: string): Record<string, string | undefined> {
  return {
    PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`,
    AMO_CLIENT_ID: 'client', AMO_CLIENT_SECRET: 'secret', AMO_REDIRECT_URI: `http://127.0.0.1:${port}/oauth/callback`,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'), DATA_DIR: dataDir, DATABASE_URL: undefined, LOG_LEVEL: 'info',
  };
}

/** A request whose body has not fully arrived: in flight until `finish()` sends the rest. */
async function requestInFlight(port: number): Promise<{ finish(): Promise<string>; socket: Socket }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  const body = '{"event":{"type":1}}';
  socket.write(`POST /webhooks/dp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
  let answer = '';
  socket.on('data', (chunk: Buffer) => { answer += chunk.toString(); });
  socket.on('error', () => {});
  cleanup.push(async () => { socket.destroy(); });
  return {
    socket,
    finish: async () => {
      socket.write(body.slice(5));
      const deadline = Date.now() + 5_000;
      while (!answer.includes('\r\n\r\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return answer.split('\r\n')[0] ?? '';
    },
  };
}

describe('npm run service: graceful shutdown on SIGTERM', () => {
  async function startWithRequestInFlight() {
    const port = await freePort();
    const env = { ...serviceEnv(port, path.join(await tempDir(), 'data')), SHUTDOWN_GRACE_MS: '60000' };
    const started = await startNpm(['run', 'service'], env, /service listening/, 90_000);
    const request = await requestInFlight(port);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the service has the request's head
    const pid = started.child.pid ?? 0;
    const tree = await processTree(pid);
    signalled.push(...tree);
    process.kill(pid, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return { started, request, tree, pid, port };
  }

  it('lets a request in flight finish, then exits', async () => {
    const { request, tree, port } = await startWithRequestInFlight();
    expect((await stillAlive(tree)).length).toBe(tree.length); // waiting for the request
    const statusLine = await request.finish();
    // Answered by its route, not refused (503) as a request arriving after the signal would be.
    expect(statusLine).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(statusLine).not.toMatch(/ 503 /);
    const deadline = Date.now() + STOP_WITHIN_MS;
    while ((await stillAlive(tree)).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await stillAlive(tree)).toEqual([]);
    expect(await portIsFree(port)).toBe(true);
  }, 120_000);

  it('exits at once on a second SIGTERM', async () => {
    const { tree, pid, started } = await startWithRequestInFlight();
    expect((await stillAlive(tree)).length).toBe(tree.length); // the grace period is 60 s
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 2_000;
    while ((await stillAlive(tree)).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stillAlive(tree)).toEqual([]);
    expect(started.output()).toContain('second signal: exiting at once');
  }, 120_000);
});

describe('a signal to the PID of an npm command stops everything it started within 5 s', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`npm run sandbox, ${signal}`, async () => {
      const port = await freePort();
      const started = await startNpm(['run', 'sandbox'], { SANDBOX_PORT: String(port) }, /amoCRM sandbox listening on/, 60_000);
      expect((await fetch(`http://127.0.0.1:${port}/api/v4/account`)).status).toBe(401);
      const result = await stopAndWatch(started, signal, [port]);
      expect(result.treeSize).toBeGreaterThan(1);
      expect(result).toMatchObject({ leftProcesses: [], takenPorts: [] });
    }, 90_000);

    it(`npm run service, ${signal}`, async () => {
      const port = await freePort();
      const env = serviceEnv(port, path.join(await tempDir(), 'data'));
      const started = await startNpm(['run', 'service'], env, /service listening/, 90_000);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const result = await stopAndWatch(started, signal, [port]);
      expect(result).toMatchObject({ leftProcesses: [], takenPorts: [] });
      expect(started.output()).toContain('"msg":"stopped"');
    }, 120_000);
  }

  it('npm start on a fresh clone (no .data folder yet), SIGTERM', async () => {
    const [sandboxPort, servicePort] = [await freePort(), await freePort()];
    // Like a fresh clone: none of the folders above the service's data folder exist.
    const dataDir = path.join(await tempDir(), 'clone', '.data', 'service');
    const started = await startNpm(['start'], {
      SANDBOX_PORT: String(sandboxPort), PORT: String(servicePort), START_DATA_DIR: dataDir, LOG_LEVEL: 'warn',
    }, /Focus & Refusals is running/, 240_000);
    expect((await fetch(`http://127.0.0.1:${sandboxPort}/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${servicePort}/healthz`)).status).toBe(200);
    const result = await stopAndWatch(started, 'SIGTERM', [sandboxPort, servicePort]);
    expect(result).toMatchObject({ leftProcesses: [], takenPorts: [] });
  }, 300_000);

  it('npm start, SIGINT during the build stops the build too', async () => {
    const [sandboxPort, servicePort] = [await freePort(), await freePort()];
    const started = await startNpm(['start'], {
      SANDBOX_PORT: String(sandboxPort), PORT: String(servicePort), START_DATA_DIR: path.join(await tempDir(), 'data'),
    }, /Building the widget/, 60_000);
    // The build is running (webpack takes tens of seconds): its processes are part of the tree.
    const pid = started.child.pid ?? 0;
    const deadline = Date.now() + 20_000;
    while (!(await processTree(pid)).some((p) => p.pid !== pid && p.ppid !== pid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const result = await stopAndWatch(started, 'SIGINT', [sandboxPort, servicePort]);
    expect(result.treeSize).toBeGreaterThan(2);
    expect(result).toMatchObject({ leftProcesses: [], takenPorts: [] });
  }, 120_000);
});
