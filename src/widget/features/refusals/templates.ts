/** Advice templates heads pick from when returning a deal: part of the account configuration (refusals.adviceTemplates). */
import type { AppEnv } from '../app-env';
import type { AdviceTemplate } from './ReturnForm';

export async function loadAdviceTemplates(env: AppEnv): Promise<AdviceTemplate[]> {
  if (env.service === null) return [];
  const { config } = await env.service.getConfig();
  return config.refusals.adviceTemplates;
}
