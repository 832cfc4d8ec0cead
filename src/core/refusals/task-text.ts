/**
 * Review task text with placeholders: {deal}, {manager}, {reason}, {value}, {link}.
 * amoCRM task text is plain text, so nothing is HTML-escaped; "safe" here means:
 * - one pass: a deal called "{manager}" stays "{manager}", values are never expanded again;
 * - unknown placeholders ("{foo}") and stray braces are kept literally, so a typo is visible
 *   rather than silently eaten;
 * - control characters in values (except line breaks and tabs) are dropped.
 */
import type { Deal } from '../domain';
import type { RefusalCatalog } from './rule';

export const TASK_TEXT_PLACEHOLDERS = ['deal', 'manager', 'reason', 'value', 'link'] as const;
type TaskTextPlaceholder = (typeof TASK_TEXT_PLACEHOLDERS)[number];
export type TaskTextValues = Record<TaskTextPlaceholder, string>;

const PLACEHOLDER = /\{([a-z_]+)\}/g;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

const isPlaceholder = (name: string): name is TaskTextPlaceholder =>
  (TASK_TEXT_PLACEHOLDERS as readonly string[]).includes(name);

export function renderTaskText(template: string, values: TaskTextValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    isPlaceholder(name) ? values[name].replace(CONTROL_CHARS, '') : whole);
}

/** Placeholders in a template that we do not know: shown as warnings on the rule. */
export function selectUnknownPlaceholders(template: string): string[] {
  const unknown = [...template.matchAll(PLACEHOLDER)]
    .map((m) => m[1] ?? '')
    .filter((name) => !isPlaceholder(name));
  return [...new Set(unknown)];
}

export interface TaskTextContext {
  /** Link to the deal card, built by the shell (it knows the account's domain). */
  link: string;
  /** Money formatting is the caller's (locale, currency). */
  formatValue: (price: number) => string;
  /** Shown when a name cannot be resolved, e.g. a removed user: localised by the caller. */
  unknownLabel: string;
}

export function deriveTaskTextValues(deal: Deal, catalog: RefusalCatalog, ctx: TaskTextContext): TaskTextValues {
  const manager = catalog.users.find((u) => u.id === deal.responsibleUserId);
  const reason = deal.lossReason ?? catalog.reasons.find((r) => r.id === deal.lossReasonId);
  return {
    deal: deal.name,
    manager: manager?.name ?? ctx.unknownLabel,
    reason: reason?.name ?? ctx.unknownLabel,
    value: ctx.formatValue(deal.price),
    link: ctx.link,
  };
}
