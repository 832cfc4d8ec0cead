/**
 * What every route gets: the current store (replaced on reset/seed), the clock, auth state, and the
 * sandbox's own URL. Routes are plain functions of this context, so the server file only wires them.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxClock } from './clock';
import type { AuthState } from './auth';
import type { Faults } from './faults';
import type { SandboxUser } from './model';
import type { ScenarioName } from './scenarios/index';
import type { Store } from './store';
import type { OutgoingCalls } from './webhooks-out';
import { unauthorized } from './http-errors';

export interface SandboxIntegration { client_id: string; client_secret: string; redirect_uri: string }

/** `at`: when the answer went out; `receivedAt`: when the request arrived (what amoCRM's rate limit counts). */
export interface RequestLogEntry { at: number; receivedAt: number; method: string; path: string; auth: 'session' | 'bearer' | 'none'; status: number; elements: number }

export interface Caller { user: SandboxUser; via: 'session' | 'bearer'; clientId: string | null }

export interface RequestMeta { auth: RequestLogEntry['auth']; caller: Caller | null; elements: number; receivedAt?: number }

export interface SandboxContext {
  url: string;
  store(): Store;
  clock: SandboxClock;
  nowSec(): number;
  auth: AuthState;
  faults: Faults;
  outgoing: OutgoingCalls;
  integration: SandboxIntegration;
  widgetDir: string;
  longLivedToken: string;
  requestLog: RequestLogEntry[];
  dpWebhookUrl: string | undefined;
  scenario: { name: ScenarioName; seed: number };
  reseed(name: ScenarioName, seed: number): void;
}

const metas = new WeakMap<FastifyRequest, RequestMeta>();

export function metaOf(request: FastifyRequest): RequestMeta {
  let meta = metas.get(request);
  if (!meta) { meta = { auth: 'none', caller: null, elements: 0 }; metas.set(request, meta); }
  return meta;
}

/** The authenticated user of an /api/v4 call (resolved by the auth hook in server.ts). */
export function callerOf(request: FastifyRequest): Caller {
  const caller = metaOf(request).caller;
  if (!caller) throw unauthorized();
  return caller;
}

export function sendHal(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.code(200).type('application/hal+json').send(JSON.stringify(body));
}

/** amoCRM answers an empty list with 204 and no body at all (§4.1). */
export function sendEmpty(reply: FastifyReply): FastifyReply {
  return reply.code(204).removeHeader('content-type').send();
}
