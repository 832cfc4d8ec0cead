/**
 * What the focus panel says when amoCRM fails: a sentence a manager can act on (wait, retry),
 * never the raw "GET /api/v4/leads: server error". Keys: focus.errors.<kind>.
 */
import type { WidgetAmoPort } from '../../../amo/port';
import type { MessageKey } from '../../i18n';
import { FocusConfigUnavailable } from './focus-setup';

export type FocusErrorKind = 'server' | 'rate-limited' | 'network' | 'unauthorized' | 'config' | 'other';

export function focusErrorKind(error: unknown, amo: Pick<WidgetAmoPort, 'failureKind'>): FocusErrorKind {
  if (error instanceof FocusConfigUnavailable) return 'config';
  const kind = amo.failureKind(error);
  switch (kind) {
    case 'server':
    case 'rate-limited':
    case 'network':
    case 'unauthorized':
      return kind;
    default:
      return 'other';
  }
}

const KEYS = {
  server: 'focus.errors.server',
  'rate-limited': 'focus.errors.rate_limited',
  network: 'focus.errors.network',
  unauthorized: 'focus.errors.unauthorized',
  config: 'focus.errors.config',
  other: 'focus.errors.other',
} as const satisfies Record<FocusErrorKind, MessageKey>;

export const focusErrorKey = (kind: FocusErrorKind): MessageKey => KEYS[kind];
