import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServiceClient, ServiceError, type Send } from '../../src/widget/service-client';
import { redactUrl } from '../../src/service/http/logging';
import { loggerOptions } from '../../src/service/http/logging';
import { EnvError, parseEnv } from '../../src/service/env';
import { authHeaders, buildEnv, DEMO, startServiceHarness } from '../support/service-harness';
import { forEachStore } from '../support/service-store';

describe('environment', () => {
  it('lists every missing and invalid variable at once', () => {
    const error = (() => {
      try {
        parseEnv({ PORT: 'eighty', TOKEN_ENCRYPTION_KEY: 'short', ALLOWED_ORIGINS: 'not an origin' });
      } catch (thrown) {
        return thrown;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(EnvError);
    const names = (error as EnvError).problems.map((problem) => problem.split(':')[0]);
    expect(names).toEqual(expect.arrayContaining(['PORT', 'PUBLIC_URL', 'AMO_CLIENT_ID', 'AMO_CLIENT_SECRET', 'AMO_REDIRECT_URI', 'TOKEN_ENCRYPTION_KEY', 'ALLOWED_ORIGINS']));
  });

  it('accepts a hex or base64 key of 32 bytes and needs the long-lived token together with its account URL', () => {
    expect(buildEnv({ TOKEN_ENCRYPTION_KEY: 'ab'.repeat(32) }).TOKEN_ENCRYPTION_KEY).toHaveLength(32);
    expect(() => buildEnv({ AMO_LONG_LIVED_TOKEN: 'token' })).toThrow(/AMO_BASE_URL/);
  });
});

describe('log redaction', () => {
  it('hides webhook secrets and OAuth codes in URLs', () => {
    expect(redactUrl('/webhooks/amo/s3cr3t?x=1')).toBe('/webhooks/amo/[redacted]?x=1');
    expect(redactUrl('/oauth/callback?code=abc&referer=demo.amocrm.ru')).toBe('/oauth/callback?code=[redacted]&referer=demo.amocrm.ru');
  });
});

forEachStore('app', (fixture) => {
  let app: FastifyInstance;
  let logLines: string[] = [];
  let shutdown: string[] = [];

  beforeEach(async () => {
    logLines = [];
    shutdown = [];
    const sink = new Writable({ write(chunk: Buffer, _encoding, done) { logLines.push(chunk.toString()); done(); } });
    ({ app } = await startServiceHarness(fixture.store(), {
      accounts: [DEMO],
      deps: {
        logger: pino(loggerOptions('info'), sink),
        onShutdown: [async () => { shutdown.push('jobs'); }, async () => { shutdown.push('store'); }],
      },
    }));
  });
  afterEach(async () => app.close());

  it('reports health and Prometheus metrics by route pattern', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    await app.inject({ method: 'GET', url: '/api/v1/me', headers: await authHeaders(DEMO.id, 1) });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('focus_refusals_http_requests_total{method="GET",route="/api/v1/me",status="200"} 1');
    expect(metrics.body).toMatch(/focus_refusals_http_request_duration_seconds_count\{method="GET",route="\/healthz"\} 1/);
  });

  it('allows CORS from amoCRM accounts and the configured sandbox only, without credentials', async () => {
    const preflight = (origin: string) => app.inject({
      method: 'OPTIONS', url: '/api/v1/me',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-auth-token' },
    });
    for (const origin of ['https://demo.amocrm.ru', 'https://shop.kommo.com', 'http://127.0.0.1:8780']) {
      const response = await preflight(origin);
      expect(response.headers['access-control-allow-origin'], origin).toBe(origin);
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    }
    for (const origin of ['https://evil.example', 'http://demo.amocrm.ru', 'https://amocrm.ru.evil.example', 'null']) {
      expect((await preflight(origin)).headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });

  it('never logs tokens, codes or webhook secrets', async () => {
    const token = (await authHeaders(DEMO.id, 1))['x-auth-token'] ?? '';
    await app.inject({ method: 'GET', url: '/api/v1/me', headers: { 'x-auth-token': token, authorization: 'Bearer very-secret-bearer' } });
    await app.inject({ method: 'GET', url: '/oauth/callback?code=one-time-code-123&referer=evil.example' });
    await app.inject({ method: 'POST', url: '/webhooks/amo/webhook-secret-456', payload: {} });
    const log = logLines.join('');
    expect(log).toContain('/webhooks/amo/[redacted]');
    for (const secret of [token, 'very-secret-bearer', 'one-time-code-123', 'webhook-secret-456', 'llt-demo']) expect(log).not.toContain(secret);
  });

  it('answers the widget through the typed service client', async () => {
    const sendAs = (userId: number): Send => async (request) => {
      const response = await app.inject({
        method: request.method, url: new URL(request.url).pathname,
        headers: { ...(await authHeaders(DEMO.id, userId)), ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }) },
        ...(request.data === undefined ? {} : { payload: request.data }),
      });
      if (response.statusCode >= 200 && response.statusCode < 300) return response.json();
      throw { status: response.statusCode, responseJSON: response.json() };
    };
    const admin = createServiceClient(sendAs(1), 'http://127.0.0.1:8790/');
    expect(await admin.me()).toMatchObject({ account: { id: DEMO.id, subdomain: 'demo' }, role: { kind: 'admin' } });
    const current = await admin.getConfig();
    const saved = await admin.saveConfig(current.version, { heads: [{ groupId: 10, userIds: [3] }] });
    expect(saved).toMatchObject({ kind: 'saved', config: { version: current.version + 1 } });
    expect(await admin.saveConfig(current.version, { heads: [] })).toMatchObject({ kind: 'conflict', current: { version: current.version + 1 } });
    expect(await admin.saveConfig(current.version + 1, { heads: [{ groupId: -1, userIds: [] }] })).toEqual({
      kind: 'invalid', errors: [{ path: 'heads.0.groupId', message: expect.any(String) }],
    });
    const manager = createServiceClient(sendAs(4), 'http://127.0.0.1:8790');
    await expect(manager.saveConfig(1, {})).rejects.toMatchObject({ kind: 'forbidden', code: 'admin_only' });
    await expect(manager.disconnect()).rejects.toBeInstanceOf(ServiceError);
  });

  it('on close finishes requests, then stops jobs, then closes the store', async () => {
    await app.close();
    expect(shutdown).toEqual(['jobs', 'store']);
  });
});
