/**
 * The browser side of the sandbox (docs/decisions/0001, "Sandbox ⇄ host page"): bootstrap data in the
 * APP.constant shapes of §2.4, the session switcher, the one-time token, the widget settings Save, page
 * routes and static files (host page, vendor libraries, the built widget).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { OneTimeTokenClaims } from '../wire';
import { type SandboxContext } from '../context';
import { ApiError, badRequest, forbidden, unauthorized } from '../http-errors';
import type { SandboxUser } from '../model';
import { sendFile } from '../static-files';
import { datetimeSettings } from './api-account';

export const SESSION_COOKIE = 'amo_session';
/** The interface language chosen with the top bar's switch (amoCRM keeps it per user; a cookie is enough here). */
const LANG_COOKIE = 'amo_lang';
const LANGUAGES = ['ru', 'en', 'es', 'pt'] as const;
type Language = (typeof LANGUAGES)[number];
const isLanguage = (value: string | undefined): value is Language => (LANGUAGES as readonly string[]).includes(value ?? '');
const WIDGET_CODE = 'focus_refusals';
const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const HOST_PUBLIC = join(import.meta.dirname, '..', 'host', 'public');
const VENDOR: Record<string, string> = {
  'require.js': join(REPO_ROOT, 'node_modules', 'requirejs', 'require.js'),
  'jquery.js': join(REPO_ROOT, 'node_modules', 'jquery', 'dist', 'jquery.min.js'),
  'underscore.js': join(REPO_ROOT, 'node_modules', 'underscore', 'underscore-umd-min.js'),
};
const PAGE_ROUTES = ['/', '/leads/pipeline/:pipelineId', '/leads/list/pipeline/:pipelineId', '/leads/detail/:leadId', '/settings/widgets', '/settings/widgets/focus_refusals'];

const PLACEHOLDER = `<!doctype html><html lang="ru"><meta charset="utf-8"><title>amoCRM sandbox</title>
<body><h1>amoCRM sandbox</h1><p>The host page (test/emulator/host/public/index.html) is not built yet.
REST API: <code>/api/v4/…</code>, developer API: <code>/_emulator/…</code>.</p></body></html>`;

export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function sessionUser(ctx: SandboxContext, request: FastifyRequest): SandboxUser | undefined {
  const id = cookieValue(request, SESSION_COOKIE);
  const userId = id === undefined ? undefined : ctx.auth.sessions.get(id);
  return userId === undefined ? undefined : ctx.store().user(userId);
}

function startSession(ctx: SandboxContext, reply: FastifyReply, user: SandboxUser): void {
  const id = ctx.auth.createSession(user.id);
  reply.header('set-cookie', `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
}

function widgetVersion(widgetDir: string): string {
  const file = join(widgetDir, 'manifest.json');
  if (!existsSync(file)) return '0.0.0';
  try {
    const manifest: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const parsed = z.object({ widget: z.object({ version: z.string() }) }).safeParse(manifest);
    return parsed.success ? parsed.data.widget.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function widgetStatus(w: { installed: boolean; active: boolean }): 'install' | 'installed' | 'not_configured' {
  return !w.installed ? 'install' : w.active ? 'installed' : 'not_configured';
}

function bootstrap(ctx: SandboxContext, user: SandboxUser, lang: Language) {
  const { account, users, groups, taskTypes, widget } = ctx.store().data;
  const dt = datetimeSettings(account.timezone, account.timezoneOffset);
  return {
    user: { id: user.id, name: user.name, login: user.email },
    user_rights: { is_admin: user.rights.is_admin, is_free_user: user.rights.is_free, group_id: user.group_id, leads: user.rights.leads, tasks: user.rights.tasks },
    account: {
      id: account.id, subdomain: account.subdomain, name: account.name, currency: account.currency, timezone: account.timezone,
      country: account.country, language: lang, date_pattern: dt.date_pattern, short_date_pattern: dt.short_date_pattern,
      date_format: dt.date_format, time_format: dt.time_format, timezone_offset: dt.timezone_offset,
    },
    managers: Object.fromEntries(users.map((u) => [String(u.id), {
      id: String(u.id), title: u.name, option: u.name, active: u.is_active, login: u.email, status: 'Y',
      is_admin: u.rights.is_admin ? 'Y' : 'N', free_user: 'N', group: `group_${u.group_id}`, avatar: `${ctx.url}/_emulator/avatar/${u.id}.svg`,
    }])),
    groups: Object.fromEntries(groups.map((g) => [`group_${g.id}`, g.name])),
    task_types: Object.fromEntries(taskTypes.map((t) => [String(t.id), { id: t.id, option: t.name, color: t.color, icon_id: t.icon_id }])),
    lang,
    widget: {
      code: WIDGET_CODE, path: `${ctx.url}/upl/${WIDGET_CODE}/widget`, version: widgetVersion(ctx.widgetDir),
      active: widget.active ? 'Y' : 'N', status: widgetStatus(widget), settings: widget.settings, oauth_client_uuid: ctx.integration.client_id,
    },
    users: users.map((u) => ({ id: u.id, name: u.name, role: u.role, group_id: u.group_id })),
  };
}

async function signOneTimeToken(ctx: SandboxContext, user: SandboxUser): Promise<string> {
  const { account } = ctx.store().data;
  const iat = ctx.nowSec();
  const claims: Omit<OneTimeTokenClaims, 'iss' | 'aud' | 'jti' | 'iat' | 'nbf' | 'exp'> = {
    account_id: account.id, user_id: user.id, subdomain: account.subdomain, client_uuid: ctx.integration.client_id, is_admin: user.rights.is_admin,
  };
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ctx.url).setAudience(new URL(ctx.integration.redirect_uri).origin).setJti(randomUUID())
    .setIssuedAt(iat).setNotBefore(iat).setExpirationTime(iat + 1800)
    .sign(new TextEncoder().encode(ctx.integration.client_secret));
}

const settingsBody = z.strictObject({ active: z.enum(['Y', 'N']), fields: z.record(z.string(), z.unknown()).default({}) });

function avatarSvg(name: string, id: number): string {
  const initials = name.split(' ').map((w) => w[0] ?? '').join('').slice(0, 2);
  const hue = (id * 47) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" rx="32" fill="hsl(${hue},55%,55%)"/><text x="32" y="40" font-family="sans-serif" font-size="24" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
}

export function hostRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/_emulator/bootstrap', async (request, reply) => {
    let user = sessionUser(ctx, request);
    if (!user) {
      // First visit: log in as the admin, as if they had just signed in to amoCRM.
      user = ctx.store().data.users.find((u) => u.role === 'admin');
      if (!user) throw unauthorized();
      startSession(ctx, reply, user);
    }
    const lang = cookieValue(request, LANG_COOKIE);
    return reply.type('application/json').send(JSON.stringify(bootstrap(ctx, user, isLanguage(lang) ? lang : 'ru')));
  });

  app.post('/_emulator/session', async (request, reply) => {
    const parsed = z.strictObject({ user_id: z.coerce.number().int() }).safeParse(request.body);
    if (!parsed.success) throw badRequest('user_id is required');
    const user = ctx.store().user(parsed.data.user_id);
    if (!user) throw badRequest('no such user');
    startSession(ctx, reply, user);
    return reply.type('application/json').send(JSON.stringify({ user_id: user.id, name: user.name, role: user.role }));
  });

  app.get('/_emulator/one-time-token', async (request, reply) => {
    const user = sessionUser(ctx, request);
    if (!user) throw unauthorized('No session');
    return reply.type('application/json').send(JSON.stringify({ token: await signOneTimeToken(ctx, user) }));
  });

  app.post('/_emulator/widget/settings', async (request, reply) => {
    const user = sessionUser(ctx, request);
    if (!user) throw unauthorized('No session');
    if (!user.rights.is_admin) throw forbidden('Only admins change widget settings');
    const parsed = settingsBody.safeParse(request.body);
    if (!parsed.success) throw new ApiError(400, parsed.error.issues.map((i) => i.message).join('; '));
    const widget = ctx.store().data.widget;
    const firstActivation = parsed.data.active === 'Y' && !widget.installed;
    widget.active = parsed.data.active === 'Y';
    widget.settings = parsed.data.fields;
    let redirect: string | null = null;
    if (firstActivation) {
      widget.installed = true;
      const url = new URL(ctx.integration.redirect_uri);
      url.searchParams.set('code', ctx.auth.mintCode(user.id, ctx.integration.client_id));
      url.searchParams.set('referer', new URL(ctx.url).host);
      url.searchParams.set('client_id', ctx.integration.client_id);
      url.searchParams.set('from_widget', '1');
      redirect = url.toString();
      ctx.outgoing.sendOAuthRedirect(redirect);
    }
    return reply.type('application/json').send(JSON.stringify({ active: widget.active ? 'Y' : 'N', status: widgetStatus(widget), settings: widget.settings, oauth_redirect: redirect }));
  });

  app.get<{ Params: { id: string } }>('/_emulator/avatar/:id', async (request, reply) => {
    const user = ctx.store().user(Number.parseInt(request.params.id, 10));
    return reply.type('image/svg+xml').send(avatarSvg(user?.name ?? '?', user?.id ?? 0));
  });

  for (const route of PAGE_ROUTES) {
    app.get(route, async (_request, reply) => {
      if (!existsSync(join(HOST_PUBLIC, 'index.html'))) return reply.type('text/html; charset=utf-8').send(PLACEHOLDER);
      return sendFile(reply, HOST_PUBLIC, 'index.html', { noCache: true });
    });
  }
  app.get<{ Params: { '*': string } }>('/host/*', async (request, reply) => sendFile(reply, HOST_PUBLIC, request.params['*'], { noCache: true }));
  app.get<{ Params: { name: string } }>('/vendor/:name', async (request, reply) => {
    const file = VENDOR[request.params.name];
    if (!file) return reply.code(404).type('text/plain').send('Not found');
    return sendFile(reply, join(file, '..'), file.split('/').pop() ?? '');
  });
  app.get<{ Params: { '*': string } }>(`/upl/${WIDGET_CODE}/widget/*`, async (request, reply) =>
    sendFile(reply, ctx.widgetDir, request.params['*'], { noCache: true }));
}
