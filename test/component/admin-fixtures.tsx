/**
 * Surroundings for the settings and team views: a service client over a scripted `send` (so the
 * tests see the real wire — URLs, bodies, 400/409 bodies) and amoCRM pipelines.
 */
import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import type { WidgetAmoPort } from '../../src/amo/port';
import type { PipelineWire } from '../../src/amo/wire';
import { defaultAccountConfig } from '../../src/service/config/schema';
import { AppEnvContext, type AppEnv } from '../../src/widget/features/app-env';
import { createTranslator } from '../../src/widget/i18n';
import { createServiceClient, type ServiceClient, type ServiceRequest } from '../../src/widget/service-client';
import { UiContext } from '../../src/widget/ui/context';
import { buildAppEnv } from './helpers/app-env';
import { LANGS } from './fake-host';
import { createFakeCrm } from './helpers/fake-crm';
import type { AccountConfig, ConfigResponse } from '../../src/contract/config';

const BASE_URL = 'https://svc.example.com';

export interface Recorded { method: string; path: string; body: unknown }

/** What the scripted service answers: a body, or a rejection shaped like jQuery's jqXHR. */
export type Answer = { body: unknown } | { status: number; body: unknown };

export type Route = (request: Recorded) => Answer | undefined;

function scriptedSend(routes: Route[]): { send: (request: ServiceRequest) => Promise<unknown>; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const send = (request: ServiceRequest): Promise<unknown> => {
    const recorded: Recorded = {
      method: request.method,
      path: request.url.slice(BASE_URL.length),
      body: request.data === undefined ? undefined : JSON.parse(request.data) as unknown,
    };
    calls.push(recorded);
    for (const route of routes) {
      const answer = route(recorded);
      if (answer === undefined) continue;
      if ('status' in answer) return Promise.reject({ status: answer.status, responseJSON: answer.body });
      return Promise.resolve(answer.body);
    }
    return Promise.reject(new Error(`unscripted service call: ${request.method} ${recorded.path}`));
  };
  return { send, calls };
}

export const on = (method: string, path: string, answer: (request: Recorded) => Answer): Route =>
  (request) => (request.method === method && request.path.split('?')[0] === path ? answer(request) : undefined);

export function configResponse(edit: (config: AccountConfig) => AccountConfig = (c) => c, version = 3): ConfigResponse {
  return { version, config: edit(defaultAccountConfig()), warnings: [], updatedAt: '2026-11-23T09:00:00.000Z' };
}

export function scriptedService(routes: Route[]): { service: ServiceClient; calls: Recorded[] } {
  const { send, calls } = scriptedSend(routes);
  return { service: createServiceClient(send, BASE_URL), calls };
}

/**
 * The config routes as the service answers them: GET the current document, PUT on top of its
 * version (409 with the current one otherwise). `state.current` is what the service holds.
 */
export function versionedConfigRoutes(initial: ConfigResponse): { state: { current: ConfigResponse }; routes: Route[] } {
  const state = { current: initial };
  return {
    state,
    routes: [
      on('GET', '/api/v1/config', () => ({ body: state.current })),
      on('PUT', '/api/v1/config', (request) => {
        const { version, config } = request.body as { version: number; config: AccountConfig };
        if (version !== state.current.version) return { status: 409, body: { error: 'version_conflict', current: state.current } };
        state.current = { ...state.current, version: version + 1, config };
        return { body: state.current };
      }),
    ],
  };
}

export const SALES_PIPELINE: PipelineWire = {
  id: 10, name: 'Продажи', sort: 1, is_main: true, is_unsorted_on: true, is_archive: false, account_id: 31000001,
  _embedded: {
    statuses: [
      { id: 100, name: 'Неразобранное', sort: 10, is_editable: false, pipeline_id: 10, color: '#c1c1c1', type: 1, account_id: 31000001 },
      { id: 101, name: 'КП отправлено', sort: 20, is_editable: true, pipeline_id: 10, color: '#99ccff', type: 0, account_id: 31000001 },
      { id: 102, name: 'Закрытие', sort: 30, is_editable: true, pipeline_id: 10, color: '#ffcc66', type: 0, account_id: 31000001 },
      { id: 142, name: 'Успешно', sort: 10000, is_editable: false, pipeline_id: 10, color: '#ccff66', type: 0, account_id: 31000001 },
      { id: 143, name: 'Закрыто и не реализовано', sort: 11000, is_editable: false, pipeline_id: 10, color: '#d5d8db', type: 0, account_id: 31000001 },
    ],
  },
};

/** amoCRM answering only the pipelines list. */
export function amoWithPipelines(pipelines: readonly PipelineWire[]): WidgetAmoPort {
  return createFakeCrm([], { pipelines }).amo;
}

export function renderView(view: ComponentChildren, overrides: Partial<AppEnv>, lang: 'en' | 'ru' = 'en') {
  const env = buildAppEnv(overrides);
  const ui = { t: createTranslator(LANGS[lang]), dates: { language: lang, timeZone: 'Europe/Moscow' } } as const;
  return render(
    <UiContext.Provider value={ui}>
      <AppEnvContext.Provider value={env}>{view}</AppEnvContext.Provider>
    </UiContext.Provider>,
  );
}
