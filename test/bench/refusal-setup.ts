/**
 * What the refusal benches (bench:refusals, bench:reconcile) set up the same way: a browser-like
 * session of a sandbox user, and one refusal rule that reviews every loss. Failures throw; each
 * bench's main reports them and exits 1.
 */
import type { AccountId, UserId } from '../../src/core/brand';
import { loadConfig, saveConfig } from '../../src/service/config/repository';

/** The review task type of the sandbox scenarios («Проверить отказ»). */
export const REVIEW_TASK_TYPE = 3012;

export type Session = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

/** The bench acts as a person in the browser (session cookie), so its calls are not the service's. */
export async function openSession(baseUrl: string, userId: number): Promise<Session> {
  const login = await fetch(`${baseUrl}/_emulator/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: userId }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-requested-with': 'XMLHttpRequest', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return (response.status === 204 ? null : await response.json()) as T;
  };
}

/** One rule reviewing every loss: each group's head reviews it, the admin when a group has none. */
export async function configureEveryLossRule(
  db: Parameters<typeof loadConfig>[0], accountId: AccountId, heads: Array<{ id: number; group_id: number }>, adminId: number,
): Promise<void> {
  const { config, version } = await loadConfig(db, accountId);
  const saved = await saveConfig(db, accountId, {
    baseVersion: version, by: adminId as UserId, at: new Date(),
    config: {
      ...config,
      heads: heads.map((h) => ({ groupId: h.group_id, userIds: [h.id] })),
      refusals: {
        ...config.refusals,
        rules: [{
          id: 'every-loss', name: 'Every loss', enabled: true, pipelineIds: [], lossReasonIds: [], includeDealsWithoutReason: true,
          minValue: null, managerIds: [], groupIds: [], samplingPercent: 100,
          groupReviewers: heads.map((h) => ({ groupId: h.group_id, reviewerId: h.id })), fallbackReviewerId: adminId,
          taskTypeId: REVIEW_TASK_TYPE, due: { kind: 'within_working_hours', hours: 8 }, taskText: 'Проверить отказ: {deal}',
        }],
      },
    },
  });
  if (!saved.ok) throw new Error('could not save the refusal rule');
}
