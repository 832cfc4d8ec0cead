/**
 * PGlite off the main thread (src/service/store/pglite-thread.ts): while it writes, the service's
 * event loop keeps turning — timers fire, requests are read and acknowledged. On the main thread
 * a write was one synchronous WebAssembly call and nothing else ran until it returned.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/service/store/db';

const DB_MODULE = path.resolve(import.meta.dirname, '../../src/service/store/db.ts');

describe('store [pglite worker thread]', () => {
  let folder: string;
  let store: Store;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'store-thread-'));
    store = await openStore({ dataDir: path.join(folder, 'data') });
  });
  afterAll(async () => {
    await store.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('keeps firing timers on time while PGlite writes a large batch to disk', async () => {
    await sql`CREATE TABLE bulk (id int PRIMARY KEY, filler text NOT NULL)`.execute(store.db);
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 5);
    const started = performance.now();
    await sql`INSERT INTO bulk SELECT n, repeat(md5(n::text), 4) FROM generate_series(1, 300000) AS n`.execute(store.db);
    const finished = performance.now();
    clearInterval(timer);

    const during = [started, ...ticks.filter((at) => at > started && at < finished), finished];
    const longestStall = Math.max(...during.slice(1).map((at, index) => at - (during[index] as number)));
    const writeMs = finished - started;
    // The write must be long enough to tell a frozen loop from a turning one.
    expect(writeMs).toBeGreaterThan(200);
    // Frozen, the loop shows one stall as long as the write; turning, the 5 ms timer fires all along.
    expect(longestStall).toBeLessThan(writeMs / 3);
    expect(during.length - 2).toBeGreaterThanOrEqual(10);
  });

  it('passes PostgreSQL error fields through the thread (a unique violation is 23505)', async () => {
    const row = { account_id: 1, key: 'twice', result: 'null', created_at: new Date(0) };
    await store.db.insertInto('effects').values(row).execute();
    await expect(store.db.insertInto('effects').values(row).execute()).rejects.toMatchObject({ code: '23505' });
  });

  it('returns bytea as bytes and timestamps as dates across the thread', async () => {
    const raw = Buffer.from([0, 1, 2, 255]);
    const receivedAt = new Date('2026-01-02T03:04:05.678Z');
    const inserted = await store.db.insertInto('webhook_inbox').values({
      account_id: 5, source: 'account', dedupe_key: 'bytes', raw, content_type: 'text/plain', job_count: 0, received_at: receivedAt,
    }).returning(['raw', 'received_at']).executeTakeFirstOrThrow();
    expect(Buffer.from(inserted.raw as Uint8Array).equals(raw)).toBe(true);
    expect(inserted.received_at).toEqual(receivedAt);
  });
});

describe('store [pglite worker thread, process lifetime]', () => {
  // Run as a separate process: whether a worker keeps a process alive cannot be seen from inside vitest.
  async function runScript(body: string): Promise<{ code: number | null; stdout: string; ms: number }> {
    const folder = await mkdtemp(path.join(tmpdir(), 'store-thread-script-'));
    const script = path.join(folder, 'script.mts');
    await writeFile(script, `import { openStore } from ${JSON.stringify(DB_MODULE)};\n${body}\n`);
    const started = performance.now();
    try {
      return await new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
        const killer = setTimeout(() => child.kill('SIGKILL'), 50_000);
        child.once('error', reject);
        child.once('exit', (code) => { clearTimeout(killer); resolve({ code, stdout, ms: performance.now() - started }); });
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  it('neither cuts off a pending query nor keeps the process alive once idle', async () => {
    // No close(): the process must still end by itself, after printing what it awaited.
    const { code, stdout } = await runScript(`
      const store = await openStore();
      const rows = await store.db.selectFrom('accounts').select('id').execute();
      process.stdout.write('ROWS ' + rows.length + '\\n');`);
    expect(stdout).toBe('ROWS 0\n');
    expect(code).toBe(0);
  });

  it('ends the worker thread on close, so queries after it fail instead of hanging', async () => {
    const { code, stdout } = await runScript(`
      const store = await openStore();
      await store.close();
      const error = await store.db.selectFrom('accounts').select('id').execute().then(() => 'no error', (e) => e.message);
      process.stdout.write('AFTER ' + error + '\\n');`);
    expect(stdout).toMatch(/^AFTER .+/);
    expect(stdout).not.toContain('no error');
    expect(code).toBe(0);
  });
});
