/**
 * The demo account's starting configuration for `npm start`, saved through the service's own
 * config API as the admin (the same path the advanced settings page uses): heads of both groups,
 * a focus filter on "КП отправлено" + "Дожим", a round-robin pool fed by the Digital Pipeline
 * action on "Первичный контакт", and a refusal rule for the usual loss reasons.
 * Everything is looked up by name, so it follows the scenario rather than hard-coded ids.
 */
import type { Stack } from './stack';

interface PipelineWireLite { id: number; name: string; is_main: boolean; _embedded: { statuses: Array<{ id: number; name: string }> } }
interface LossReasonLite { id: number; name: string }

export async function configureDemo(stack: Stack): Promise<void> {
  const { sandbox } = stack;
  const bearer = { Authorization: `Bearer ${sandbox.longLivedToken}` };
  const pipelines = ((await (await fetch(`${sandbox.url}/api/v4/leads/pipelines`, { headers: bearer })).json()) as {
    _embedded: { pipelines: PipelineWireLite[] };
  })._embedded.pipelines;
  const main = pipelines.find((p) => p.is_main) ?? pipelines[0];
  if (!main) throw new Error('the demo account has no pipeline');
  const stage = (name: string) => {
    const found = main._embedded.statuses.find((s) => s.name === name);
    if (!found) throw new Error(`the demo pipeline has no stage "${name}"`);
    return found.id;
  };
  const reasons = ((await (await fetch(`${sandbox.url}/api/v4/leads/loss_reasons`, { headers: bearer })).json()) as {
    _embedded: { loss_reasons: LossReasonLite[] };
  })._embedded.loss_reasons;
  const reviewed = reasons.filter((r) => ['Дорого', 'Выбрали конкурента', 'Не отвечает'].includes(r.name)).map((r) => r.id);

  const heads = sandbox.users.filter((u) => u.role === 'head');
  const managers = sandbox.users.filter((u) => u.role === 'manager');
  const workday = { from: '09:00', to: '19:00' };

  const token = await adminToken(stack);
  const current = (await serviceCall(stack, token, 'GET', '/api/v1/config')) as { version: number; config: Record<string, unknown> };
  const config = {
    ...current.config,
    heads: heads.map((h) => ({ groupId: h.group_id, userIds: [h.id] })),
    focus: {
      defaults: { stages: [{ pipelineId: main.id, statusId: stage('КП отправлено') }, { pipelineId: main.id, statusId: stage('Дожим') }] },
      groups: [], managers: [], schedule: null,
    },
    distribution: {
      pools: [{
        pipelineId: main.id, mode: 'round_robin', participants: managers.map((m) => ({ userId: m.id, weight: 1, cap: null })),
        loadStatusIds: [], hours: { days: { 1: [workday], 2: [workday], 3: [workday], 4: [workday], 5: [workday] }, holidays: [] },
        stickyOwner: true, guard: false, whenNobodyAvailable: { kind: 'hold' },
        triggers: { digitalPipeline: true, webhookStatusIds: [] },
      }],
      managerHours: [],
    },
    refusals: {
      ...(current.config.refusals as Record<string, unknown>),
      rules: [{
        id: 'main', name: 'Отказы по цене, конкуренту и молчанию', enabled: true, pipelineIds: [main.id], lossReasonIds: reviewed,
        includeDealsWithoutReason: false, minValue: null, managerIds: [], groupIds: [], samplingPercent: 100,
        groupReviewers: heads.map((h) => ({ groupId: h.group_id, reviewerId: h.id })),
        fallbackReviewerId: sandbox.users.find((u) => u.role === 'admin')?.id ?? null,
        taskTypeId: 1, due: { kind: 'within_working_hours', hours: 8 },
        taskText: 'Проверить отказ: {deal} ({value}), менеджер {manager}, причина «{reason}». {link}',
      }],
      adviceTemplates: [
        { id: 'discount', title: 'Предложить рассрочку', text: 'Клиент ушёл из-за цены: предложите рассрочку или пакет попроще и перезвоните.' },
        { id: 'decision-maker', title: 'Выйти на ЛПР', text: 'Похоже, говорили не с тем человеком: найдите лицо, принимающее решение.' },
      ],
    },
  };
  await serviceCall(stack, token, 'PUT', '/api/v1/config', { version: current.version, config });
  // The Digital Pipeline widget action sits on the stage where new leads arrive.
  const dp = await fetch(`${sandbox.url}/_emulator/dp/actions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status_ids: [stage('Первичный контакт')] }),
  });
  if (!dp.ok) throw new Error(`DP action: HTTP ${dp.status} ${await dp.text()}`);
}

async function adminToken(stack: Stack): Promise<string> {
  const admin = stack.sandbox.users.find((u) => u.role === 'admin');
  if (!admin) throw new Error('no admin in the demo account');
  const login = await fetch(`${stack.sandbox.url}/_emulator/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: admin.id }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const res = await fetch(`${stack.sandbox.url}/_emulator/one-time-token`, { headers: { cookie } });
  return ((await res.json()) as { token: string }).token;
}

async function serviceCall(stack: Stack, token: string, method: 'GET' | 'PUT', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${stack.serviceUrl}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}
