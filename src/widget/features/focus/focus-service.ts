/**
 * The focus calls of the companion service, through the widget's one service client
 * (`client.focus`, src/widget/service-client.ts). No client (no service address) means no
 * distribution pause — the queue works without it.
 */
import type { AdvanceOutcomeInput } from '../../../contract/focus';
import type { DealOutcome } from '../../../core/focus';
import type { FocusCalls, ServiceClient } from '../../service-client';

export type { FocusSessionView,  } from '../../../contract/focus';
export type FocusServiceCalls = FocusCalls;

export function focusCallsOf(client: ServiceClient | null): FocusServiceCalls | null {
  return client?.focus ?? null;
}

export function toOutcomeInput(outcome: DealOutcome): AdvanceOutcomeInput {
  switch (outcome.kind) {
    case 'worked': return { kind: 'worked', movedStage: outcome.movedStage, taskSet: outcome.taskSet, closed: outcome.closed };
    case 'skipped': return { kind: 'skipped', reason: outcome.reason };
    case 'snoozed': return { kind: 'snoozed', until: outcome.until };
    case 'dropped': return { kind: 'dropped' };
  }
}
