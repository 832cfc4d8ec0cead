/**
 * The one guard for "a plain JSON object": not null, not an array. Every parser of untrusted
 * input (amoCRM answers, webhooks, host events, service answers, localStorage) starts with it.
 */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
